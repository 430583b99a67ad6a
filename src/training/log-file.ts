import { open, stat } from 'node:fs/promises';

/**
 * Is this local file a log the monitor can read? Checked before replaying it, so that a FIFO, a
 * device or a directory is never opened (a FIFO would block forever), and a binary or UTF-16 file
 * is named for what it is instead of being read as an empty log.
 */
export type LogFileProblem = 'missing' | 'not-regular' | 'utf16' | 'binary';

export interface LogFileCheck {
  ok: boolean;
  problem: LogFileProblem | null;
  message: string | null;
}

const SNIFF_BYTES = 64 * 1024;

/** What the first bytes of a file are: UTF-8/ASCII text (ai-toolkit's), UTF-16, or binary. */
export function sniffLog(head: Buffer): 'text' | 'utf16' | 'binary' {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return 'utf16';
  let nul = 0;
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === 0) {
      nul++;
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    } else if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27 && c !== 8) control++;
  }
  if (nul === 0) return control > head.length / 10 ? 'binary' : 'text';
  // UTF-16 without a BOM: ASCII text puts a zero in every other byte, always on the same side
  const half = head.length / 2;
  if ((nulOdd > half * 0.6 && nulEven < half * 0.05) || (nulEven > half * 0.6 && nulOdd < half * 0.05)) return 'utf16';
  return 'binary';
}

export async function checkLogFile(path: string): Promise<LogFileCheck> {
  const st = await stat(path).catch(() => null);
  if (!st) return bad('missing', `no such log file: ${path}`);
  if (!st.isFile()) return bad('not-regular', `${path} is not a regular file (${kindOf(st)}): give the path of the log file itself`);
  const h = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(Math.min(SNIFF_BYTES, st.size));
    const { bytesRead } = await h.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await h.close();
  }
  const kind = sniffLog(head);
  if (kind === 'utf16') return bad('utf16', `${path} is UTF-16 text, not the UTF-8 that ai-toolkit writes: convert it first (iconv -f UTF-16 -t UTF-8 ${path} > log.txt)`);
  if (kind === 'binary') return bad('binary', `${path} is not a text log: its first bytes are binary data`);
  return { ok: true, problem: null, message: null };
}

function bad(problem: LogFileProblem, message: string): LogFileCheck {
  return { ok: false, problem, message };
}

function kindOf(st: Awaited<ReturnType<typeof stat>>): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}
