import { z } from 'zod';

/**
 * The safetensors header, and nothing else: an 8-byte little-endian length, then that many bytes of
 * JSON (tensor table + optional `__metadata__` of string → string). A LoRA can be hundreds of MB; the
 * header is a few KB, so listing never reads weights.
 *
 * ai-toolkit stores `training_info` = '{"step": k, "epoch": n}' in the metadata
 * (reference/ai-toolkit.md §2, BaseSDTrainProcess.py:388-416).
 */

/** The safetensors format itself caps the header at 100 MB; anything larger is garbage, not a header. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export const trainingInfoSchema = z.object({
  step: z.number().int().nonnegative(),
  epoch: z.number().int().nonnegative().optional(),
});
export type TrainingInfo = z.infer<typeof trainingInfoSchema>;

const tensorEntrySchema = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});

const metadataSchema = z.record(z.string(), z.string());

export interface SafetensorsHeader {
  /** Length of the JSON header in bytes. */
  headerBytes: number;
  /** The whole file's size implied by the header: 8 + header + tensor data. */
  expectedSize: number;
  tensorCount: number;
  metadata: Record<string, string>;
  /** Parsed `training_info`, when present and valid. */
  trainingInfo: TrainingInfo | null;
  /** Set when `training_info` exists but does not hold {step, epoch}. */
  trainingInfoProblem?: string;
}

export type HeaderProblemCode = 'too-small' | 'absurd-length' | 'truncated' | 'not-json' | 'bad-table' | 'unreadable';

export type HeaderResult = { ok: true; header: SafetensorsHeader } | { ok: false; code: HeaderProblemCode; message: string };

/** Read the declared header length from the first 8 bytes; null when the prefix is short or the length absurd. */
export function headerLength(prefix: Uint8Array, fileSize: number): { ok: true; length: number } | { ok: false; code: HeaderProblemCode; message: string } {
  if (prefix.length < 8 || fileSize < 8) return { ok: false, code: 'too-small', message: `only ${Math.min(prefix.length, fileSize)} bytes: not a safetensors file` };
  const view = Buffer.from(prefix.buffer, prefix.byteOffset, 8);
  const n = view.readBigUInt64LE(0);
  if (n < 2n || n > BigInt(MAX_HEADER_BYTES)) return { ok: false, code: 'absurd-length', message: `declares a ${n} byte header: not a safetensors file` };
  const length = Number(n);
  if (8 + length > fileSize) return { ok: false, code: 'truncated', message: `header needs ${8 + length} bytes but the file has ${fileSize}: cut short (still being written, or an interrupted copy)` };
  return { ok: true, length };
}

/** Parse the JSON header bytes (pure). `fileSize` is used to catch files cut short after the header. */
export function parseHeader(json: Uint8Array, fileSize: number): HeaderResult {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.length).toString('utf8'));
  } catch (e) {
    return { ok: false, code: 'not-json', message: `header is not JSON (${(e as Error).message.split('\n')[0]})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, code: 'bad-table', message: 'header is not a JSON object' };
  let metadata: Record<string, string> = {};
  let dataEnd = 0;
  let tensorCount = 0;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === '__metadata__') {
      const m = metadataSchema.safeParse(value);
      if (!m.success) return { ok: false, code: 'bad-table', message: '__metadata__ is not a map of strings' };
      metadata = m.data;
      continue;
    }
    const t = tensorEntrySchema.safeParse(value);
    if (!t.success) return { ok: false, code: 'bad-table', message: `tensor '${key.slice(0, 80)}' has no dtype/shape/data_offsets` };
    const [begin, end] = t.data.data_offsets;
    if (end < begin) return { ok: false, code: 'bad-table', message: `tensor '${key.slice(0, 80)}' ends before it begins` };
    dataEnd = Math.max(dataEnd, end);
    tensorCount++;
  }
  const expectedSize = 8 + json.length + dataEnd;
  if (fileSize < expectedSize) {
    return { ok: false, code: 'truncated', message: `tensors need ${expectedSize} bytes but the file has ${fileSize}: cut short (still being written, or an interrupted copy)` };
  }
  let trainingInfo: TrainingInfo | null = null;
  let trainingInfoProblem: string | undefined;
  const raw = metadata.training_info;
  if (raw !== undefined) {
    try {
      const parsed = trainingInfoSchema.safeParse(JSON.parse(raw));
      if (parsed.success) trainingInfo = parsed.data;
      else trainingInfoProblem = `training_info does not hold a step: ${raw.slice(0, 60)}`;
    } catch {
      trainingInfoProblem = `training_info is not JSON: ${raw.slice(0, 60)}`;
    }
  }
  return { ok: true, header: { headerBytes: json.length, expectedSize, tensorCount, metadata, trainingInfo, trainingInfoProblem } };
}

/** Where the file lives: any target (a pod, this machine) that can stat and read a byte range. */
export interface ByteSource {
  stat(path: string): Promise<{ size: number } | null>;
  readFrom(path: string, offset: number, length: number): Promise<Buffer>;
}

/** Read only the header of a safetensors file (two small reads). Never throws. */
export async function readSafetensorsHeader(target: ByteSource, path: string, fileSize?: number): Promise<HeaderResult> {
  try {
    const size = fileSize ?? (await target.stat(path))?.size;
    if (size === undefined) return { ok: false, code: 'unreadable', message: 'file is gone' };
    const prefix = await target.readFrom(path, 0, 8);
    const len = headerLength(prefix, size);
    if (!len.ok) return len;
    const json = await target.readFrom(path, 8, len.length);
    if (json.length < len.length) return { ok: false, code: 'truncated', message: `header cut short at ${8 + json.length} bytes` };
    return parseHeader(json, size);
  } catch (e) {
    return { ok: false, code: 'unreadable', message: (e as Error).message };
  }
}

/** Build a safetensors file: used by the rehearsal fixtures and tests; real layout, real bytes. */
export function buildSafetensors(metadata: Record<string, string>, tensors: Record<string, { dtype: string; shape: number[]; data: Uint8Array }> = {}): Buffer {
  const table: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const blobs: Uint8Array[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    table[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length] };
    offset += t.data.length;
    blobs.push(t.data);
  }
  let json = Buffer.from(JSON.stringify(table), 'utf8');
  // The format pads the header with spaces to an 8-byte boundary.
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, ...blobs]);
}
