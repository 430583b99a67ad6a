import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { loadOnnxRuntime, type OrtModule, type OrtSession } from '../onnx/runtime.js';
import { LANDMARK_INPUT, landmarkModel, landmarkPoints, type LandmarkParams } from './landmarks-onnx.js';
import type { Weight } from '../onnx/tf-graph.js';
import { RECOGNITION_INPUT, recognitionModel, type RecognitionParams } from './recognition-onnx.js';
import { decodeDetections, SSD_INPUT, ssdModel, type SsdParams } from './ssd-onnx.js';
import { FACE_API_THRESHOLD, FaceModelError, type DetectedFace, type FaceDetector, type RgbImage } from './types.js';

/**
 * @vladmandic/face-api: SSD MobileNet v1 detection, 68-point landmarks, the 128-d recognition net, all shipped
 * inside the npm package (nothing is downloaded at run time).
 * - Where onnxruntime is installed, the three nets run on it: their graphs are built from the weights face-api
 *   loads (ssd-onnx.ts, landmarks-onnx.ts, recognition-onnx.ts), so boxes, landmarks and descriptors are
 *   face-api's own, computed natively on every core. The steps between them (resizing, box decoding, face
 *   crops, alignment) are face-api's, or the same arithmetic.
 * - Without it, face-api runs them all on TensorFlow.js's WASM backend (single-threaded in Node).
 * The packages are optional dependencies, loaded only when faces are scored; the parts used are typed here
 * so the build does not need them.
 */

export const FACE_API_INSTALL_HINT = 'npm install --save-exact @vladmandic/face-api@1.7.15 @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0';
export { FACE_API_THRESHOLD };
/** Detections below this confidence are not faces (face-api's SSD default is 0.5). */
const MIN_CONFIDENCE = 0.5;
const MAX_RESULTS = 20;
/** The mean RGB face-api takes from a face before both its landmark and its recognition net. */
const FACE_MEAN_RGB = [122.782, 117.001, 104.298] as const;

interface Tensor {
  dispose(): void;
  dataSync(): Float32Array | Int32Array | Uint8Array;
  shape: number[];
}
interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(data: Uint8Array | Int32Array, shape: [number, number, number], dtype: 'int32'): Tensor;
  tensor1d(values: readonly number[]): Tensor;
  tidy<T>(f: () => T): T;
  cast(x: Tensor, dtype: 'float32'): Tensor;
  div(x: Tensor, y: number): Tensor;
  sub(x: Tensor, y: number | Tensor): Tensor;
}
interface Wasm {
  setWasmPaths(prefix: string): void;
}
interface Net {
  loadFromDisk(dir: string): Promise<void>;
  dispose(): void;
  readonly isLoaded: boolean;
  params?: unknown;
}
interface NetInput {
  toBatchTensor(size: number, center: boolean): Tensor;
  getReshapedInputDimensions(i: number): { width: number; height: number };
  getInputWidth(i: number): number;
  getInputHeight(i: number): number;
}
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  clipAtImageBorders(width: number, height: number): Box;
}
type Detection = Box | { forSize(width: number, height: number): { box: Box } };
type Landmarks = unknown;
interface FaceApiResult {
  detection: { score: number; box: { x: number; y: number; width: number; height: number } };
  landmarks: { positions: Array<{ x: number; y: number }> };
  descriptor: Float32Array;
}
interface WithLandmarks {
  detection: FaceApiResult['detection'];
  landmarks: FaceApiResult['landmarks'] & { align(input: null, o: { useDlibAlignment: boolean }): Detection };
}
interface FaceApi {
  nets: { ssdMobilenetv1: Net; faceLandmark68Net: Net & { faceFeatureExtractor: Net }; faceRecognitionNet: Net };
  SsdMobilenetv1Options: new (o: { minConfidence: number; maxResults: number }) => unknown;
  detectAllFaces(input: Tensor, options: unknown): { withFaceLandmarks(): { withFaceDescriptors(): Promise<FaceApiResult[]> } };
  toNetInput(input: Tensor): Promise<NetInput>;
  Rect: new (x: number, y: number, width: number, height: number) => unknown;
  Point: new (x: number, y: number) => unknown;
  FaceDetection: new (score: number, relativeBox: unknown, imageDims: { width: number; height: number }) => Detection;
  FaceLandmarks68: new (relativePoints: unknown[], imageDims: { width: number; height: number }) => Landmarks;
  extendWithFaceDetection(source: object, detection: Detection): object;
  extendWithFaceLandmarks(source: object, landmarks: Landmarks): WithLandmarks;
}

interface Loaded {
  tf: Tf;
  api: FaceApi;
  modelDir: string;
}

let loading: Promise<Loaded> | null = null;
/** Whether face-api's own nets have served a detector in this process (then they are never disposed). */
let tfjsInUse = false;

/** Load TensorFlow.js and face-api once per process; a missing package is a FaceModelError with the install line. */
function loadFaceApi(): Promise<Loaded> {
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
    return { tf, api, modelDir };
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** face-api's three nets on TensorFlow.js, loaded (again) when they are needed there. */
async function loadTfjsNets({ api, modelDir }: Loaded): Promise<void> {
  for (const net of [api.nets.ssdMobilenetv1, api.nets.faceLandmark68Net, api.nets.faceRecognitionNet]) {
    if (!net.isLoaded) await net.loadFromDisk(modelDir);
  }
}

/** face-api's tensors as plain arrays (shape and values), the tree kept. */
function plainWeights(node: unknown): unknown {
  const t = node as Tensor;
  if (typeof t?.dataSync === 'function') return { shape: [...t.shape], data: Float32Array.from(t.dataSync()) } satisfies Weight;
  return Object.fromEntries(Object.entries(node as object).map(([k, v]) => [k, plainWeights(v)]));
}

interface OnnxNets {
  ort: OrtModule;
  ssd: OrtSession;
  anchors: Float32Array;
  landmarks: OrtSession;
  recognition: OrtSession;
}

let onnxLoading: Promise<OnnxNets | null> | null = null;

/** The three nets on onnxruntime, or null without it (then face-api runs them on TensorFlow.js). */
async function openOnnxNets(loaded: Loaded, threads: number): Promise<OnnxNets | null> {
  const ort = await loadOnnxRuntime();
  if (!ort) return null;
  await loadTfjsNets(loaded);
  const { nets } = loaded.api;
  const ssdParams = plainWeights(nets.ssdMobilenetv1.params) as SsdParams;
  const landmarkParams = { extractor: plainWeights(nets.faceLandmark68Net.faceFeatureExtractor.params), fc: (plainWeights(nets.faceLandmark68Net.params) as { fc: unknown }).fc } as LandmarkParams;
  const recognitionParams = plainWeights(nets.faceRecognitionNet.params) as RecognitionParams;
  // No spinning: between runs the threads sleep, leaving the cores to decoding and the steps between the nets.
  const options = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', extra: { session: { intra_op: { allow_spinning: '0' } } } };
  let sessions: OrtSession[];
  try {
    sessions = [
      await ort.InferenceSession.create(ssdModel(ssdParams), options),
      await ort.InferenceSession.create(landmarkModel(landmarkParams), options),
      await ort.InferenceSession.create(recognitionModel(recognitionParams), options),
    ];
  } catch {
    // A runtime that cannot take the graphs here: face-api's own nets give the same results, only slower.
    return null;
  }
  // The weights now live in onnxruntime; TensorFlow.js's copies are loaded again only if asked for.
  if (!tfjsInUse) for (const net of [nets.ssdMobilenetv1, nets.faceLandmark68Net, nets.faceRecognitionNet]) net.dispose();
  return { ort, ssd: sessions[0], anchors: ssdParams.output_layer.extra_dim.data, landmarks: sessions[1], recognition: sessions[2] };
}

export interface FaceApiOptions {
  /** `tfjs` runs every net on TensorFlow.js even where onnxruntime is installed (LORAPILOT_FACE_RUNTIME=tfjs does too). */
  runtime?: 'auto' | 'tfjs';
  /** onnxruntime's threads (its first opening in a process decides): all cores by default. */
  threads?: number;
}

function onnxNets(loaded: Loaded, opts: FaceApiOptions): Promise<OnnxNets | null> {
  if (opts.runtime === 'tfjs' || process.env.LORAPILOT_FACE_RUNTIME === 'tfjs') return Promise.resolve(null);
  onnxLoading ??= openOnnxNets(loaded, Math.max(1, opts.threads ?? availableParallelism()));
  onnxLoading.catch(() => {
    onnxLoading = null;
  });
  return onnxLoading;
}

/** The runtime a detector opened with these options runs the nets on. */
export async function faceApiRuntime(opts: FaceApiOptions = {}): Promise<'onnxruntime' | 'tfjs'> {
  return (await onnxNets(await loadFaceApi(), opts)) ? 'onnxruntime' : 'tfjs';
}

/** face-api's chain (detect → landmarks on each box → descriptor of each face aligned by them) with the nets on onnxruntime. */
function onnxChain({ tf, api }: Loaded, o: OnnxNets): (input: Tensor, image: RgbImage) => Promise<FaceApiResult[]> {
  /** Boxes as face-api's locateFaces gives them: the same input tensor, the same decoding and suppression. */
  const locate = async (input: Tensor): Promise<Detection[]> => {
    const netInput = await api.toNetInput(input);
    const batch = tf.tidy(() => tf.sub(tf.div(tf.cast(netInput.toBatchTensor(SSD_INPUT, false), 'float32'), 127.5), 1));
    let pixels: Float32Array;
    try {
      pixels = batch.dataSync() as Float32Array;
    } finally {
      batch.dispose();
    }
    const out = await o.ssd.run({ image: new o.ort.Tensor('float32', pixels, [1, SSD_INPUT, SSD_INPUT, 3]) });
    const found = decodeDetections(out.boxes.data as Float32Array, out.classes.data as Float32Array, o.anchors, MIN_CONFIDENCE, MAX_RESULTS);
    const dims = netInput.getReshapedInputDimensions(0);
    const padX = SSD_INPUT / dims.width;
    const padY = SSD_INPUT / dims.height;
    const imageDims = { width: netInput.getInputWidth(0), height: netInput.getInputHeight(0) };
    return found.map((d) => new api.FaceDetection(d.score, new api.Rect(d.left * padX, d.top * padY, (d.right - d.left) * padX, (d.bottom - d.top) * padY), imageDims));
  };

  /**
   * The image regions of faces, as face-api's extractFaceTensors cuts them (the box clipped at the image's
   * borders and floored; null for a box with no pixels), copied row by row from the decoded pixels:
   * TensorFlow.js's slice copies element by element, ~40 ms a face.
   */
  const crops = (image: RgbImage, boxes: Detection[]): Array<Tensor | null> =>
    boxes.map((d) => {
      const box = ('forSize' in d ? d.forSize(image.width, image.height).box : d).clipAtImageBorders(image.width, image.height);
      if (box.width <= 0 || box.height <= 0) return null;
      const row = box.width * 3;
      const out = new Int32Array(row * box.height);
      for (let r = 0; r < box.height; r++) {
        const from = ((box.y + r) * image.width + box.x) * 3;
        out.set(image.data.subarray(from, from + row), r * row);
      }
      return tf.tensor3d(out, [box.height, box.width, 3], 'int32');
    });

  /** Run a face net on every crop in one batch, each prepared as face-api prepares it: padded square about its centre, resized, mean RGB off, ÷ 255. */
  const runOnFaces = async (session: OrtSession, size: number, faces: Array<Tensor | null>): Promise<Array<ArrayLike<number> | null>> => {
    const usable = faces.filter((f) => f !== null);
    if (!usable.length) return faces.map(() => null);
    const one = size * size * 3;
    const batch = new Float32Array(usable.length * one);
    for (const [i, face] of usable.entries()) {
      const netInput = await api.toNetInput(face);
      const x = tf.tidy(() => tf.div(tf.sub(tf.cast(netInput.toBatchTensor(size, true), 'float32'), tf.tensor1d(FACE_MEAN_RGB)), 255));
      try {
        batch.set(x.dataSync() as Float32Array, i * one);
      } finally {
        x.dispose();
      }
    }
    const out = await session.run({ face: new o.ort.Tensor('float32', batch, [usable.length, size, size, 3]) });
    const data = out[session.outputNames[0]].data as Float32Array;
    const width = data.length / usable.length;
    let next = 0;
    return faces.map((f) => (f ? data.subarray(width * next, width * ++next) : null));
  };

  const onCrops = async <T>(image: RgbImage, boxes: Detection[], use: (faces: Array<Tensor | null>) => Promise<T>): Promise<T> => {
    const faces = crops(image, boxes);
    try {
      return await use(faces);
    } finally {
      for (const f of faces) f?.dispose();
    }
  };

  return async (input, image) => {
    const detections = await locate(input);
    if (!detections.length) return [];
    const landmarks = await onCrops(image, detections, async (faces) =>
      (await runOnFaces(o.landmarks, LANDMARK_INPUT, faces)).map((out, i) => {
        const face = faces[i];
        if (!out || !face) return null;
        const [height, width] = face.shape;
        return new api.FaceLandmarks68(
          landmarkPoints(out, width, height).map((p) => new api.Point(p.x, p.y)),
          { width, height },
        );
      }),
    );
    const found = detections.flatMap((d, i) => (landmarks[i] ? [api.extendWithFaceLandmarks(api.extendWithFaceDetection({}, d), landmarks[i])] : []));
    const aligned = found.map((f) => f.landmarks.align(null, { useDlibAlignment: true }));
    const descriptors = await onCrops(image, aligned, (faces) => runOnFaces(o.recognition, RECOGNITION_INPUT, faces));
    // An aligned box wholly outside the image has no pixels, and so no descriptor.
    return found.flatMap((f, i) => {
      const d = descriptors[i];
      return d ? [{ ...f, descriptor: Float32Array.from(d) }] : [];
    });
  };
}

export async function openFaceApi(opts: FaceApiOptions = {}): Promise<FaceDetector> {
  const loaded = await loadFaceApi();
  const { tf, api } = loaded;
  const onnx = await onnxNets(loaded, opts);
  let describe: (input: Tensor, image: RgbImage) => Promise<FaceApiResult[]>;
  if (onnx) {
    describe = onnxChain(loaded, onnx);
  } else {
    tfjsInUse = true;
    await loadTfjsNets(loaded);
    const options = new api.SsdMobilenetv1Options({ minConfidence: MIN_CONFIDENCE, maxResults: MAX_RESULTS });
    describe = (input) => api.detectAllFaces(input, options).withFaceLandmarks().withFaceDescriptors();
  }
  // One image at a time: TensorFlow.js runs one graph at a time, and onnxruntime already uses every core it was given.
  let queue: Promise<unknown> = Promise.resolve();
  const run = async (image: RgbImage): Promise<DetectedFace[]> => {
    const input = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    try {
      const found = await describe(input, image);
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
