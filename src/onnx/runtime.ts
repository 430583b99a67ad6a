import { createRequire } from 'node:module';

/**
 * onnxruntime-node, an optional dependency loaded only by what runs a network (auto-tagging, face detection).
 * Its CPU binaries ship inside the package; ONNXRUNTIME_NODE_INSTALL=skip avoids its GPU download.
 * The few parts used are typed here so the build does not need the package.
 */

export interface OrtTensor {
  data: ArrayLike<number>;
  dims: readonly number[];
}
export interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata?: ReadonlyArray<{ name: string; isTensor: boolean; shape?: ReadonlyArray<number | string> }>;
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
export interface OrtModule {
  /** A model file's path, or the model's bytes. */
  InferenceSession: { create(model: string | Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => OrtTensor;
}

export const ORT_INSTALL_HINT = 'ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@1.30.0';

/** Whether the package is installed, known without loading it. */
export function onnxRuntimeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('onnxruntime-node');
    return true;
  } catch {
    return false;
  }
}

let loading: Promise<OrtModule | null> | null = null;

/** The runtime, or null when it is not installed (or its binary cannot load here). */
export function loadOnnxRuntime(): Promise<OrtModule | null> {
  loading ??= (async () => {
    const name = 'onnxruntime-node';
    try {
      const mod = (await import(name)) as OrtModule & { default?: OrtModule };
      return mod.InferenceSession ? mod : (mod.default ?? null);
    } catch {
      return null;
    }
  })();
  return loading;
}
