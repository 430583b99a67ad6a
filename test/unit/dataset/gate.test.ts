import { writeFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDataset } from '../../../src/dataset/check.js';
import { datasetGate } from '../../../src/dataset/gate.js';
import { isWithin, scanDataset } from '../../../src/dataset/scan.js';
import { tempDir } from '../../helpers/tmp.js';

let root: string;
let outside: string;

beforeAll(async () => {
  const dir = await tempDir();
  root = join(dir, 'dataset');
  outside = join(dir, 'secret');
  const char = join(root, '40_maya');
  await mkdir(char, { recursive: true });
  await mkdir(outside);
  const jpg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#446688' } }).jpeg().toBuffer();
  await writeFile(join(char, 'a.jpg'), jpg);
  await writeFile(join(char, 'a.txt'), 'maya_char, portrait');
  await writeFile(join(outside, 'id_ed25519'), 'PRIVATE KEY');
  await writeFile(join(outside, 'b.jpg'), jpg);
  await symlink(join(outside, 'id_ed25519'), join(char, 'leak.jpg'));
  await symlink(outside, join(char, 'elsewhere'));
  await symlink('/', join(char, 'root'));
  await symlink('/usr', join(char, 'usr'));
  await symlink('a.jpg', join(char, 'inside.jpg'));
  await writeFile(join(char, 'café.jpg'), jpg);
  // A Latin-1 name, written with its raw bytes: not UTF-8.
  writeFileSync(Buffer.from(`${char}/na\xefve.jpg`, 'latin1'), jpg);
});

describe('the dataset gate', () => {
  it('is the parent test for / too', () => {
    expect(isWithin('/', '/tmp/x')).toBe(true);
    expect(isWithin('/tmp/a', '/tmp/ab')).toBe(false);
    expect(isWithin('/tmp/a', '/tmp/a')).toBe(true);
  });

  it('never follows a link out of the dataset, and blocks what cannot be sent', async () => {
    const scan = await scanDataset(root);
    expect(scan.images.map((i) => i.rel).sort()).toEqual(['40_maya/a.jpg', '40_maya/café.jpg', '40_maya/inside.jpg'].sort());
    const gate = datasetGate(scan);
    const byRule = (rule: string) => gate.filter((f) => f.rule === rule).flatMap((f) => f.files).sort();
    expect(byRule('layout.link-outside')).toEqual(['40_maya/elsewhere', '40_maya/leak.jpg', '40_maya/usr']);
    expect(byRule('layout.name-not-utf8')).toHaveLength(1);
    expect(gate.find((f) => f.rule === 'layout.name-not-utf8')!.message).toContain('6e61ef7665');
    // The link to / holds the dataset: a loop, reported, not walked.
    expect(scan.others.find((o) => o.rel === '40_maya/root')?.kind).toBe('symlink-loop');
  });

  it('check reports the gate as errors, each once', async () => {
    const r = await checkDataset(root, { trigger: 'maya_char', decode: false });
    const leak = r.findings.filter((f) => f.files.includes('40_maya/leak.jpg'));
    expect(leak.map((f) => [f.rule, f.severity])).toEqual([['layout.link-outside', 'error']]);
    expect(r.findings.filter((f) => f.rule === 'layout.name-not-utf8')).toHaveLength(1);
    expect(r.findings.some((f) => f.rule === 'layout.unreadable')).toBe(false);
  });

  it('walks a tree as deep as a path can name without recursion', async () => {
    const dir = await tempDir();
    const deep = join(dir, '40_deep', ...Array<string>(1500).fill('d'));
    await mkdir(deep, { recursive: true });
    await writeFile(join(deep, 'deep.txt'), 'x');
    const r = await checkDataset(dir, { decode: false });
    expect(r.findings.find((f) => f.rule === 'layout.orphan-caption')?.files[0]).toMatch(/(d\/){1500}deep\.txt$/);
  });

  it('a /proc-like tree (links to / and out of it, endless-looking files of size 0) finishes with findings', async () => {
    const r = await checkDataset('/proc/self', { decode: false });
    expect(r.findings.some((f) => f.files.includes('root') && f.rule === 'layout.symlink-loop')).toBe(true);
    expect(r.findings.some((f) => f.files.includes('exe') && f.rule === 'layout.link-outside')).toBe(true);
  });
});
