import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../src/remote/shell.js';
import type { Target } from '../../src/remote/target.js';
import { bothTargets } from '../helpers/targets.js';
import { tempDir } from '../helpers/tmp.js';

const HOSTILE = ['with space.txt', "it's \"quoted\".txt", '$(touch INJECTED).txt', 'new\nline.txt', 'Zoë — 日本.txt', '-dash.txt'];

const kinds = bothTargets();

describe.each(kinds)('Target contract: %s', (_name, make) => {
  let t: Target;
  let dir: string;
  beforeAll(async () => {
    t = await make();
    dir = await tempDir('lorapilot-contract-');
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes, reads, stats and lists files whose names are hostile', async () => {
    const sub = posix.join(dir, 'hostile');
    await t.mkdirp(sub);
    for (const name of HOSTILE) await t.writeFile(posix.join(sub, name), `content of ${name}`);
    for (const name of HOSTILE) expect((await t.readFile(posix.join(sub, name))).toString()).toBe(`content of ${name}`);
    const listed = (await t.list(sub)).map((e) => e.name).sort();
    expect(listed).toEqual([...HOSTILE].sort());
    const st = await t.stat(posix.join(sub, HOSTILE[2]));
    expect(st?.isFile).toBe(true);
    expect(st?.size).toBe(`content of ${HOSTILE[2]}`.length);
    expect(await t.stat(posix.join(sub, 'missing'))).toBeNull();
  });

  it('runs commands with quoted hostile arguments and injects nothing', async () => {
    const sub = posix.join(dir, 'exec');
    await t.mkdirp(sub);
    for (const name of HOSTILE) {
      const p = posix.join(sub, name);
      const r = await t.exec(sh`cd ${sub} && printf %s ${name} > ${p} && cat ${p}`);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(name);
    }
    expect(existsSync(join(sub, 'INJECTED'))).toBe(false);
    expect(existsSync('INJECTED')).toBe(false);
  });

  it('reports exit codes, stderr, stdin and environment', async () => {
    const r = await t.exec(sh`echo out; echo err >&2; exit 3`);
    expect(r).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    const withIn = await t.exec(sh`cat`, { stdin: 'from stdin' });
    expect(withIn.stdout).toBe('from stdin');
    const env = await t.exec(sh`printf %s "$LP_TEST_VALUE"`, { env: { LP_TEST_VALUE: "a 'b' $(c)" } });
    expect(env.stdout).toBe("a 'b' $(c)");
    const chunks: string[] = [];
    await t.exec(sh`echo one; echo two`, { onStdout: (c) => chunks.push(c.toString()) });
    expect(chunks.join('')).toBe('one\ntwo\n');
  });

  it('streams stdin to a running command: each line is answered before the next is written', async () => {
    const answers: string[] = [];
    let answered: (() => void) | null = null;
    async function* lines() {
      for (const word of ['alpha', "it's $(x)", 'gamma']) {
        const seen = answers.length;
        yield `${word}\n`;
        // The command has to echo this line while stdin is still open, or this waits forever.
        while (answers.length === seen) await new Promise<void>((r) => (answered = r));
      }
    }
    const r = await t.exec(sh`while IFS= read -r l; do printf '%s|\n' "$l"; done`, {
      stdin: lines(),
      onStdout: (c) => {
        answers.push(...c.toString().split('\n').filter(Boolean));
        answered?.();
      },
    });
    expect(r.code).toBe(0);
    expect(answers).toEqual(['alpha|', "it's $(x)|", 'gamma|']);
  });

  it('reads from an offset, appends, renames over, and removes', async () => {
    const p = posix.join(dir, 'log.txt');
    await t.writeFile(p, 'hello ');
    await t.appendFile(p, 'world\n');
    expect((await t.readFrom(p, 6)).toString()).toBe('world\n');
    expect((await t.readFrom(p, 0, 5)).toString()).toBe('hello');
    expect((await t.readFrom(p, 12)).length).toBe(0);
    const q = posix.join(dir, 'other.txt');
    await t.writeFile(q, 'old');
    await t.rename(p, q);
    expect((await t.readFile(q)).toString()).toBe('hello world\n');
    expect(await t.stat(p)).toBeNull();
    const tree = posix.join(dir, 'tree', 'a', 'b');
    await t.mkdirp(tree);
    await t.mkdirp(tree);
    await t.writeFile(posix.join(tree, 'f'), 'x');
    await t.remove(posix.join(dir, 'tree'));
    expect(await t.stat(posix.join(dir, 'tree'))).toBeNull();
    await t.remove(posix.join(dir, 'never-existed'));
  });

  it('fails with not-found for a missing file', async () => {
    await expect(t.readFile(posix.join(dir, 'nope'))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('puts a file and resumes a partial one to identical bytes', async () => {
    const local = join(dir, 'big.bin');
    const data = Buffer.alloc(3 * 1024 * 1024 + 123);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 10)) & 0xff;
    await writeFile(local, data);
    const remote = posix.join(dir, 'big.remote');
    let progressed = 0;
    await t.putFile!(local, remote, { onProgress: (n) => (progressed += n) });
    expect(progressed).toBe(data.length);
    expect((await t.readFile(remote)).equals(data)).toBe(true);
    // resume: the first MiB is already there
    const part = posix.join(dir, 'big.part');
    await t.writeFile(part, data.subarray(0, 1024 * 1024));
    await t.putFile!(local, part, { start: 1024 * 1024 });
    expect((await readFile(part)).equals(data)).toBe(true);
    await rm(local);
  });

  it('knows its home folder', async () => {
    expect((await t.home()).startsWith('/')).toBe(true);
    await mkdir(join(dir, 'x'), { recursive: true });
  });
});
