import { parentPort, workerData } from 'node:worker_threads';
import type { FacesSection } from '../project/index.js';
import { openDetector } from './detector.js';
import { scoreBytes } from './score.js';

/**
 * A scoring thread: loads the face model once, then scores the images the pool sends (bytes in, faces out),
 * its onnxruntime on its share of the cores.
 */
export type WorkerReply = { kind: 'ready' } | { kind: 'failed'; error: string; model: boolean } | { kind: 'scored'; id: number; result: import('./score.js').Scored };

const port = parentPort!;
const send = (m: WorkerReply) => port.postMessage(m);

try {
  const { settings, threads } = workerData as { settings: FacesSection; threads: number };
  const detector = await openDetector(settings, { threads });
  port.on('message', (m: { id: number; bytes: Uint8Array }) => {
    scoreBytes(detector, m.bytes).then(
      (result) => send({ kind: 'scored', id: m.id, result }),
      (e: Error) => send({ kind: 'scored', id: m.id, result: { ok: false, error: `cannot score: ${e.message.split('\n')[0]}` } }),
    );
  });
  send({ kind: 'ready' });
} catch (e) {
  send({ kind: 'failed', error: (e as Error).message, model: (e as Error).name === 'FaceModelError' });
}
