import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOperation } from '../../../src/captions/apply.js';
import { CaptionJournal, JournalError } from '../../../src/captions/journal.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
const ctx = { trigger: 'maya_char' };

/** A dataset with images (bytes need not decode: operations never open images) and captions. */
async function dataset(files: Record<string, string | Uint8Array | null>): Promise<string> {
  const dir = await tempDir('lorapilot-cap-');
  const root = join(dir, 'dataset');
  for (const [rel, caption] of Object.entries(files)) {
    const img = join(root, rel);
    await mkdir(join(img, '..'), { recursive: true });
    await writeFile(img, 'jpeg');
    if (caption !== null) await writeFile(img.replace(/\.[a-z]+$/, '.txt'), caption);
  }
  return root;
}

const read = (root: string, rel: string) => readFile(join(root, rel), 'utf8');

describe('journal: undo and redo', () => {
  it('undoes and redoes an operation across fresh journal instances (as after a restart)', async () => {
    const root = await dataset({ '40_maya/a.jpg': 'portrait, maya_char', '40_maya/b.jpg': 'smiling', '10_realbody/c.jpg': null });
    const jdir = join(root, '..', '.lorapilot', 'journal');
    const r1 = await runOperation({ kind: 'ensure-trigger' }, { root, journal: new CaptionJournal(jdir), ctx });
    expect(r1.changes.map((c) => c.rel).sort()).toEqual(['40_maya/a.txt', '40_maya/b.txt']);
    const r2 = await runOperation({ kind: 'create-missing' }, { root, journal: new CaptionJournal(jdir), ctx });
    expect(await read(root, '10_realbody/c.txt')).toBe('maya_char, realistic_body, [describe body part], [describe pose], [describe lighting]');
    expect(r2.journal?.seq).toBe(2);

    expect((await new CaptionJournal(jdir).undo())?.description).toBe('create-missing');
    await expect(read(root, '10_realbody/c.txt')).rejects.toThrow(); // a created caption is removed again
    expect((await new CaptionJournal(jdir).undo())?.description).toBe('ensure-trigger');
    expect(await read(root, '40_maya/a.txt')).toBe('portrait, maya_char');
    expect(await new CaptionJournal(jdir).undo()).toBeNull();

    expect((await new CaptionJournal(jdir).redo())?.description).toBe('ensure-trigger');
    expect(await read(root, '40_maya/b.txt')).toBe('maya_char, smiling');
    // A new operation ends the redo history.
    await runOperation({ kind: 'remove-tag', tags: ['smiling'] }, { root, journal: new CaptionJournal(jdir), ctx });
    expect(await new CaptionJournal(jdir).redo()).toBeNull();
  });

  it('refuses to undo over a caption edited since, naming it, and leaves every file as it was', async () => {
    const root = await dataset({ 'x/a.jpg': 'portrait', 'x/b.jpg': 'smiling' });
    const journal = new CaptionJournal(join(root, '..', 'j'));
    await runOperation({ kind: 'ensure-trigger' }, { root, journal, ctx });
    await writeFile(join(root, 'x/b.txt'), 'maya_char, smiling, hand edit');
    const err = await journal.undo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as JournalError).message).toContain('x/b.txt');
    expect(await read(root, 'x/a.txt')).toBe('maya_char, portrait');
    expect(await read(root, 'x/b.txt')).toBe('maya_char, smiling, hand edit');
  });

  it('dry run writes nothing and journals nothing', async () => {
    const root = await dataset({ 'x/a.jpg': 'portrait' });
    const journal = new CaptionJournal(join(root, '..', 'j'));
    const r = await runOperation({ kind: 'ensure-trigger' }, { root, journal, ctx, dryRun: true });
    expect(r.changes[0].after).toBe('maya_char, portrait');
    expect(await read(root, 'x/a.txt')).toBe('portrait');
    expect(await journal.entries()).toEqual([]);
  });
});

describe('journal: concurrent callers in one process', () => {
  it('queue behind each other: recovery never rolls back an operation still being written', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`x/i${String(i).padStart(3, '0')}.jpg`] = `tag${i}`;
    const root = await dataset(files);
    const jdir = join(root, '..', 'j');
    const op = runOperation({ kind: 'ensure-trigger' }, { root, journal: new CaptionJournal(jdir), ctx });
    const recovered = new CaptionJournal(jdir).lock(() => new CaptionJournal(jdir).recover());
    const second = runOperation({ kind: 'ensure-tag', tag: 'solo' }, { root, journal: new CaptionJournal(jdir), ctx });
    expect((await op).changes).toHaveLength(200);
    expect(await recovered).toEqual([]);
    expect((await second).changes).toHaveLength(200);
    expect(await read(root, 'x/i007.txt')).toBe('maya_char, solo, tag7');
    expect((await new CaptionJournal(jdir).entries()).map((e) => e.state)).toEqual(['applied', 'applied']);
  });
});

describe('journal: interrupted undo', () => {
  it('finishes an undo cut short by a crash, and leaves edited files alone', async () => {
    const root = await dataset({ 'x/a.jpg': 'a', 'x/b.jpg': 'b', 'x/c.jpg': 'c' });
    const jdir = join(root, '..', 'j');
    const journal = new CaptionJournal(jdir);
    await runOperation({ kind: 'ensure-trigger' }, { root, journal, ctx });
    // What a crash in the middle of undo leaves: the entry marked `undoing`, one file already reverted.
    const [entry] = await journal.entries();
    await writeFile(join(jdir, '000001.json'), JSON.stringify({ ...entry, state: 'undoing' }));
    await writeFile(join(root, 'x/a.txt'), 'a');
    await writeFile(join(root, 'x/c.txt'), 'edited by hand');
    const [report] = await new CaptionJournal(jdir).recover();
    expect(report).toMatchObject({ action: 'undo-finished', conflicts: [{ rel: 'x/c.txt' }] });
    expect(await read(root, 'x/a.txt')).toBe('a');
    expect(await read(root, 'x/b.txt')).toBe('b');
    expect(await read(root, 'x/c.txt')).toBe('edited by hand');
    expect((await new CaptionJournal(jdir).position()).redo?.seq).toBe(1);
  });
});

describe('hostile corpus', () => {
  it('handles odd encodings and file names, reports per-file errors and still processes the rest', async () => {
    const names = ['x/with space.jpg', `x/quote'"s.jpg`, 'x/$(touch pwned).jpg', 'x/new\nline.jpg', 'x/ünï.jpg'];
    const files: Record<string, string | Uint8Array | null> = {
      'x/bom.jpg': '\uFEFFportrait, smiling',
      'x/crlf.jpg': 'portrait\r\nsmiling\r\n',
      'x/latin1.jpg': new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
      'x/empty.jpg': '',
      'x/huge.jpg': Array.from({ length: 20000 }, (_, i) => `tag${i}`).join(', '),
      'x/locked.jpg': 'portrait',
      'x/toobig.jpg': 'a'.repeat(5 * 1024 * 1024),
    };
    for (const n of names) files[n] = 'portrait';
    const root = await dataset(files);
    const journal = new CaptionJournal(join(root, '..', 'j'));
    const r = await runOperation({ kind: 'ensure-trigger' }, { root, journal, ctx });
    const errs = Object.fromEntries(r.errors.map((e) => [e.rel, e.message]));
    expect(errs['x/toobig.txt']).toMatch(/too large/);
    expect(r.errors).toHaveLength(1);
    expect(await read(root, 'x/bom.txt')).toBe('maya_char, portrait, smiling');
    expect(await read(root, 'x/crlf.txt')).toBe('maya_char, portrait, smiling');
    expect(await read(root, 'x/latin1.txt')).toBe('maya_char, café');
    expect(await read(root, 'x/empty.txt')).toBe('maya_char');
    expect((await read(root, 'x/huge.txt')).startsWith('maya_char, tag0, tag1')).toBe(true);
    for (const n of names) expect(await read(root, n.replace('.jpg', '.txt'))).toBe('maya_char, portrait');
    expect(await readdir(root)).toEqual(['x']); // nothing was run through a shell
    // And all of it is undone byte for byte.
    await journal.undo();
    expect(await readFile(join(root, 'x/bom.txt'))).toEqual(Buffer.from('\uFEFFportrait, smiling'));
    expect(await readFile(join(root, 'x/latin1.txt'))).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(await read(root, 'x/new\nline.txt')).toBe('portrait');
  });
});

describe('killed mid-operation', () => {
  it('leaves every caption old or new, never partial, and recovery restores the old state', async () => {
    const N = 1500;
    const files: Record<string, string> = {};
    const old = (i: number) => `portrait, smiling, caption number ${i}, ${'detail, '.repeat(i % 7)}end`;
    for (let i = 0; i < N; i++) files[`40_maya/img${String(i).padStart(5, '0')}.jpg`] = old(i);
    const root = await dataset(files);
    const project = join(root, '..');
    await writeFile(join(project, 'lorapilot.yaml'), 'name: maya\ntrigger: maya_char\n');
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'bin/lorapilot.ts'), 'captions', 'ensure-tag', 'realistic_body'], { cwd: project, stdio: 'ignore' });
    const exited = new Promise((res) => child.on('exit', res));
    const first = join(root, '40_maya/img00000.txt');
    // Kill once the operation has started writing captions.
    await waitFor(async () => (await readFile(first, 'utf8')).includes('realistic_body'), { timeout: 60_000, interval: 5 });
    child.kill('SIGKILL');
    await exited;

    const newOf = (i: number) => `realistic_body, ${old(i)}`;
    let changed = 0;
    for (let i = 0; i < N; i++) {
      const text = await readFile(join(root, `40_maya/img${String(i).padStart(5, '0')}.txt`), 'utf8');
      expect([old(i), newOf(i)]).toContain(text);
      if (text === newOf(i)) changed++;
    }
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(N); // the kill landed mid-operation

    // The next command rolls the interrupted operation back; every caption is old again.
    const recovered = await new CaptionJournal(join(project, '.lorapilot', 'journal')).recover();
    expect(recovered).toEqual([expect.objectContaining({ action: 'rolled-back', conflicts: [] })]);
    for (let i = 0; i < N; i += 1) expect(await readFile(join(root, `40_maya/img${String(i).padStart(5, '0')}.txt`), 'utf8')).toBe(old(i));
    expect((await readdir(join(root, '40_maya'))).filter((n) => n.startsWith('.'))).toEqual([]);
    // Nothing is left to undo: the interrupted operation never happened.
    expect((await new CaptionJournal(join(project, '.lorapilot', 'journal')).position()).undo).toBeNull();
  }, 120_000);
});
