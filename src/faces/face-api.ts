import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FACE_API_THRESHOLD, FaceModelError, type DetectedFace, type FaceDetector, type RgbImage } from './types.js';

/**
 * @vladmandic/face-api on TensorFlow.js with the WASM backend: SSD MobileNet v1 detection, 68-point landmarks,
 * the 128-d recognition net, all shipped inside the npm package (nothing is downloaded at run time).
 * The packages are optional dependencies, loaded only when faces are scored; the parts used are typed here
 * so the build does not need them.
 */

export const FACE_API_INSTALL_HINT = 'npm install --save-exact @vladmandic/face-api@1.7.15 @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0';
export { FACE_API_THRESHOLD };
/** Detections below this confidence are not faces (face-api's SSD default is 0.5). */
const MIN_CONFIDENCE = 0.5;

interface Tensor {
  dispose(): void;
}
interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tensor3d(data: Uint8Array | Int32Array, shape: [number, number, number], dtype: 'int32'): Tensor;
}
interface Wasm {
  setWasmPaths(prefix: string): void;
}
interface Net {
  loadFromDisk(dir: string): Promise<void>;
}
interface FaceApiResult {
  detection: { score: number; box: { x: number; y: number; width: number; height: number } };
  landmarks: { positions: Array<{ x: number; y: number }> };
  descriptor: Float32Array;
}
interface FaceApi {
  nets: { ssdMobilenetv1: Net; faceLandmark68Net: Net; faceRecognitionNet: Net };
  SsdMobilenetv1Options: new (o: { minConfidence: number; maxResults: number }) => unknown;
  detectAllFaces(input: Tensor, options: unknown): { withFaceLandmarks(): { withFaceDescriptors(): Promise<FaceApiResult[]> } };
}

let loading: Promise<{ tf: Tf; api: FaceApi }> | null = null;

/** Load the runtime and the three nets once per process; a missing package is a FaceModelError with the install line. */
function loadFaceApi(): Promise<{ tf: Tf; api: FaceApi }> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    let wasmDir: string;
    let modelDir: string;
    try {
      wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
      require.resolve('@tensorflow/tfjs');
    } catch {
      throw new FaceModelError(`face checks need @vladmandic/face-api and TensorFlow.js (WASM), which are not installed. Install them with:\n  ${FACE_API_INSTALL_HINT}`);
    }
    const tf = require('@tensorflow/tfjs') as Tf;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as Wasm;
    // The .wasm files are read from the package folder; the default would fetch them from a URL.
    wasm.setWasmPaths(wasmDir + '/');
    const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    if (!(await tf.setBackend('wasm'))) throw new FaceModelError('TensorFlow.js could not start its WASM backend');
    await tf.ready();
    await api.nets.ssdMobilenetv1.loadFromDisk(modelDir);
    await api.nets.faceLandmark68Net.loadFromDisk(modelDir);
    await api.nets.faceRecognitionNet.loadFromDisk(modelDir);
    return { tf, api };
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

export async function openFaceApi(): Promise<FaceDetector> {
  const { tf, api } = await loadFaceApi();
  const options = new api.SsdMobilenetv1Options({ minConfidence: MIN_CONFIDENCE, maxResults: 20 });
  // TensorFlow.js runs one graph at a time; detections queue so concurrent callers never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const run = async (image: RgbImage): Promise<DetectedFace[]> => {
    const input = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    try {
      const found = await api.detectAllFaces(input, options).withFaceLandmarks().withFaceDescriptors();
      return found.map((f) => ({
        box: { x: f.detection.box.x, y: f.detection.box.y, width: f.detection.box.width, height: f.detection.box.height },
        score: f.detection.score,
        landmarks: f.landmarks.positions.map((p) => [p.x, p.y] as [number, number]),
        descriptor: Array.from(f.descriptor),
      }));
    } finally {
      input.dispose();
    }
  };
  return {
    model: 'face-api',
    threshold: FACE_API_THRESHOLD,
    detect(image) {
      const next = queue.then(() => run(image));
      queue = next.catch(() => {});
      return next;
    },
    async close() {
      await queue;
    },
  };
}
