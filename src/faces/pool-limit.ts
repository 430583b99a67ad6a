import { availableParallelism } from 'node:os';
import { onnxRuntimeInstalled } from '../onnx/runtime.js';
import type { FacesSection } from '../project/index.js';

/**
 * How many threads may score: LORAPILOT_FACE_WORKERS, else faces.workers, else the default. With onnxruntime
 * the default is this process alone, since onnxruntime already runs the nets on every core; without it,
 * TensorFlow.js's WASM backend is single-threaded in Node, so one thread per core.
 */
export function workerLimit(settings: FacesSection, env: NodeJS.ProcessEnv = process.env, onnx = onnxRuntimeInstalled() && env.LORAPILOT_FACE_RUNTIME !== 'tfjs'): number {
  const fromEnv = Number.parseInt(env.LORAPILOT_FACE_WORKERS ?? '', 10);
  const limit = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (settings.workers ?? (onnx ? 1 : availableParallelism()));
  return Math.max(1, Math.min(limit, availableParallelism() * 2));
}

let offMainThread = false;

/**
 * Score faces on a thread of their own even where this process alone would do: the wizard asks for it at
 * start, so its keys and frames never wait for a net.
 */
export function scoreFacesOffMainThread(on = true): void {
  offMainThread = on;
}

/** Where a scan of `images` new images scores them: in this process (0), or on that many threads. */
export function scoringThreads(settings: FacesSection, images: number, env: NodeJS.ProcessEnv = process.env): number {
  if (images === 0) return 0;
  const limit = Math.min(workerLimit(settings, env), images);
  return limit === 1 && !offMainThread ? 0 : limit;
}
