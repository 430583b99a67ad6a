import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { readSafetensorsHeader } from '../ai-toolkit/safetensors.js';
import { LocalTarget } from '../remote/local-target.js';
import { RemoteHasher } from '../remote/remote-hasher.js';
import type { Target } from '../remote/target.js';
import { stripAnsi } from '../text/sanitize.js';

/**
 * What makes a downloaded checkpoint trustworthy: a safetensors header that holds together (and names the
 * expected step), and a SHA-256 equal to the pod's. Size and header alone cannot tell two runs' checkpoints
 * of the same step apart: they are the same size with the same header shape.
 */

const local = new LocalTarget();

/** Why a file is not a usable checkpoint; `broken` unless it could just not be read (a dropped connection). */
export interface HeaderIssue {
  message: string;
  broken: boolean;
}

/** null when the file is a complete safetensors file (with the expected step, when given); else why not. */
export async function headerProblem(target: Target, path: string, expectStep?: number | null, size?: number): Promise<HeaderIssue | null> {
  const h = await readSafetensorsHeader(target, path, size);
  // The reason can quote the file (a tensor's name, a JSON snippet), and both faces print it.
  if (!h.ok) return { message: stripAnsi(h.message), broken: h.code !== 'unreadable' };
  if (expectStep !== undefined && expectStep !== null && h.header.trainingInfo && h.header.trainingInfo.step !== expectStep) {
    return { message: `header says step ${h.header.trainingInfo.step}, expected ${expectStep}`, broken: true };
  }
  return null;
}

/** null when the local file is a complete safetensors file (with the expected step, when given). */
export async function verifyLocal(path: string, expectStep?: number | null): Promise<string | null> {
  return (await headerProblem(local, path, expectStep))?.message ?? null;
}

export async function localSha256(path: string): Promise<string> {
  return (await sha256Prefix(path)).digest('hex');
}

/** A running SHA-256 of the file's first `bytes` bytes (all of it without), to continue with what is appended. */
export async function sha256Prefix(path: string, bytes?: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (bytes === 0) return hash;
  for await (const chunk of createReadStream(path, bytes === undefined ? {} : { end: bytes - 1 })) hash.update(chunk as Buffer);
  return hash;
}

/**
 * The pod's SHA-256 of the file, computed on the pod by the remote hasher (python3's hashlib where there is
 * one, several times faster than sha256sum on a checkpoint); null when it cannot be had.
 */
export async function podSha256(target: Target, remotePath: string): Promise<string | null> {
  const name = posix.basename(remotePath);
  let hash: string | null = null;
  const hasher = new RemoteHasher(target, posix.dirname(remotePath), (_rel, sha256) => (hash = sha256), { restarts: 1 });
  hasher.add(name);
  await hasher.end();
  return hash;
}
