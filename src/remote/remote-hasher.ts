import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { sh, type Raw } from './shell.js';
import { TargetError, type Target } from './target.js';

/**
 * SHA-256 of files on the target, in one command: `sha256sum -z` (NUL-terminated and unescaped, so names
 * with newlines survive) fed with NUL-separated names on stdin. Falls back to reading the files back when
 * the command is missing or does not know `-z`.
 */
export async function remoteHashes(target: Target, base: string, rels: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (rels.length === 0) return out;
  const r = await target.exec(sh`cd ${base} && xargs -0 sha256sum -z --`, { stdin: rels.join('\0') + '\0' });
  const wanted = new Set(rels);
  for (const rec of r.stdout.split('\0')) {
    const parsed = parseRecord(rec);
    if (parsed && wanted.has(parsed.name)) out.set(parsed.name, parsed.hash);
  }
  if (out.size > 0 || (r.code !== 127 && r.code !== 1 && r.code !== 123)) return out;
  for (const rel of rels) {
    try {
      out.set(rel, createHash('sha256').update(await target.readFile(posix.join(base, rel))).digest('hex'));
    } catch {
      /* missing: no hash */
    }
  }
  return out;
}

/** `<64 hex><space><space or *><name>`, as `sha256sum -z` prints it. */
function parseRecord(rec: string): { hash: string; name: string } | null {
  if (rec.length < 67 || !/^[0-9a-f]{64} [ *]/.test(rec)) return null;
  return { hash: rec.slice(0, 64), name: rec.slice(66) };
}

/**
 * Reads NUL-terminated names from stdin as they come and answers each at once with a `sha256sum -z` record;
 * a file it cannot read gets no record (the reason goes to stderr).
 */
const PY_HASHER = `import sys, hashlib
src, out, buf = sys.stdin.buffer, sys.stdout.buffer, b''
while True:
    chunk = src.read1(65536)
    if not chunk:
        break
    *names, buf = (buf + chunk).split(b'\\0')
    for name in names:
        try:
            h = hashlib.sha256()
            with open(name, 'rb') as f:
                for block in iter(lambda: f.read(1 << 20), b''):
                    h.update(block)
            out.write(h.hexdigest().encode() + b'  ' + name + b'\\0')
        except OSError as e:
            sys.stderr.write('%s\\n' % e)
    out.flush()
`;

export interface RemoteHasherOptions {
  /** Files hashed per `sha256sum` process, where xargs feeds sha256sum (python3 hashes each file at once). */
  batch?: number;
  /** New channels opened after a dropped connection before giving up on the streaming path. */
  restarts?: number;
}

/**
 * Hashes files on the target while they keep arriving: one long-lived command reads names from stdin for the
 * whole upload (python3's hashlib where there is one, else xargs feeding sha256sum), so a finished file is
 * verified a moment later and the end of an upload waits for the last file only, not for a new command per
 * batch (a login shell on a pod can take 100 ms to start). After a dropped connection the unanswered names go
 * to a new command; where no streaming command can run, the names are hashed in batches at the end.
 */
export class RemoteHasher {
  private readonly queue: string[] = [];
  /** Written to the current command, not answered yet. */
  private readonly sent = new Set<string>();
  private readonly results = new Map<string, string | null>();
  private readonly waiters = new Set<() => void>();
  private ended = false;
  /** Bumped when a command ends, so the stdin feeding a dead command stops taking names. */
  private generation = 0;
  /** The command starts with the first file: an upload with nothing to send runs none. */
  private done: Promise<void> | null = null;
  private readonly batch: number;
  private readonly restarts: number;

  constructor(
    private readonly target: Target,
    private readonly base: string,
    private readonly onHash: (rel: string, sha256: string | null) => void,
    opts: RemoteHasherOptions = {},
  ) {
    this.batch = Math.max(1, opts.batch ?? 8);
    this.restarts = opts.restarts ?? 8;
  }

  /** Hash this file (relative to base) once it is complete on the target. */
  add(rel: string): void {
    if (this.ended) return; // an upload that failed elsewhere: the file stays a .part for the next run
    this.queue.push(rel);
    if (!this.done) {
      this.done = this.run();
      this.done.catch(() => {});
    }
    this.wake();
  }

  /** No more files: wait for every hash. Files that could not be hashed are reported with null. */
  async end(): Promise<void> {
    this.ended = true;
    this.wake();
    if (this.done) await this.done;
  }

  private settle(rel: string, hash: string | null): void {
    if (this.results.has(rel)) return;
    this.results.set(rel, hash);
    this.sent.delete(rel);
    this.onHash(rel, hash);
  }

  /** Until add, end or the end of a command. */
  private sleep(): Promise<void> {
    return new Promise<void>((r) => this.waiters.add(r));
  }

  private wake(): void {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }

  private async *names(generation: number): AsyncGenerator<Buffer> {
    for (;;) {
      if (generation !== this.generation) return;
      if (this.queue.length > 0) {
        const take = this.queue.splice(0, this.queue.length);
        for (const rel of take) this.sent.add(rel);
        yield Buffer.from(take.map((r) => `${r}\0`).join(''), 'utf8');
        continue;
      }
      if (this.ended) return;
      await this.sleep();
    }
  }

  /**
   * The streaming commands, best first. Python's hashlib (OpenSSL, SHA extensions) hashes about three times
   * faster than coreutils' sha256sum, CPU the pod's sshd needs for the upload itself; every ai-toolkit pod has
   * python3. Both print `sha256sum -z` records.
   */
  private commands(): Raw[] {
    return [
      sh`cd ${this.base} && command -v python3 >/dev/null 2>&1 && exec python3 -S -E -c ${PY_HASHER}`,
      // -r: no run on empty input; xargs starts a sha256sum as soon as it holds `batch` names and flushes at EOF.
      sh`cd ${this.base} && exec xargs -0 -r -n ${String(this.batch)} sha256sum -z --`,
    ];
  }

  private async run(): Promise<void> {
    const commands = this.commands();
    let which = 0;
    let failures = 0;
    while (which < commands.length && failures <= this.restarts) {
      let carry = Buffer.alloc(0);
      let answered = 0;
      const onStdout = (chunk: Buffer) => {
        let buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        for (let i = buf.indexOf(0); i >= 0; i = buf.indexOf(0)) {
          const parsed = parseRecord(buf.subarray(0, i).toString('utf8'));
          buf = buf.subarray(i + 1);
          if (parsed && this.sent.has(parsed.name)) {
            answered++;
            this.settle(parsed.name, parsed.hash);
          }
        }
        carry = Buffer.from(buf);
      };
      try {
        const r = await this.target.exec(commands[which], { stdin: this.names(this.generation), onStdout }).finally(() => {
          this.generation++;
          this.wake();
        });
        if (answered === 0 && r.code !== 0) {
          which++; // cannot run here (no python3, no xargs, a sha256sum without -z): the next one
        } else if (this.ended && this.queue.length === 0) {
          // It read every name: one it did not answer is missing or unreadable, and has no hash.
          for (const rel of [...this.sent]) this.settle(rel, null);
          return;
        } else {
          failures++; // it died before its stdin was closed
        }
      } catch (e) {
        if (!(e instanceof TargetError && e.code === 'disconnected')) break;
        failures++;
      }
      // Unanswered names go first to the next command.
      this.queue.unshift(...[...this.sent].filter((rel) => !this.results.has(rel)));
      this.sent.clear();
    }
    // Fallback: wait for the last name, then hash everything unanswered in batches.
    while (!this.ended) await this.sleep();
    const left = [...new Set([...this.sent, ...this.queue])].filter((rel) => !this.results.has(rel));
    this.sent.clear();
    this.queue.length = 0;
    for (let i = 0; i < left.length; i += 256) {
      const part = left.slice(i, i + 256);
      const hashes = await remoteHashes(this.target, this.base, part).catch(() => new Map<string, string>());
      for (const rel of part) this.settle(rel, hashes.get(rel) ?? null);
    }
  }
}
