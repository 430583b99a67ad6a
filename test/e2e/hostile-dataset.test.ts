import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/main.js';
import { checkDataset } from '../../src/dataset/check.js';
import { generateDemoDataset, type DemoDataset } from '../../src/dataset/demo.js';
import { formatFinding, formatReport } from '../../src/dataset/format.js';
import type { CheckReport } from '../../src/dataset/report.js';
import { BIN } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * A hostile corpus: every bad case the checks know (the demo's planted mistakes) plus file names
 * built to break shells and terminals, symlink loops, dangling links, a named pipe and unreadable
 * files. Every one must give a finding; nothing may crash or hang.
 */
const HOSTILE_NAMES = [
  'with space',
  `quote's "double"`,
  '$(touch PWNED)',
  '`touch PWNED2`; rm -rf nothing',
  'new\nline',
  'tab\there',
  'ünïcødé 日本語 🙂',
  '-rf',
  '--json',
];

let root: string;
let demo: DemoDataset;
let report: CheckReport;

beforeAll(async () => {
  root = await tempDir('lorapilot-hostile-');
  demo = await generateDemoDataset(root, { name: 'maya', trigger: 'maya_char' });
  const char = join(demo.dir, demo.characterFolder);
  // Small (so each gives a finding of its own) and captioned.
  const small = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#446688' } }).jpeg().toBuffer();
  for (const n of HOSTILE_NAMES) {
    await writeFile(join(char, `${n}.jpg`), small);
    await writeFile(join(char, `${n}.txt`), 'maya_char, portrait, smiling');
  }
  await symlink('..', join(char, 'loop'));
  await symlink(char, join(demo.dir, 'also_40_maya'));
  await symlink('nowhere.jpg', join(char, 'dangling.jpg'));
  execFileSync('mkfifo', [join(char, 'pipe.jpg')]);
  await mkdir(join(demo.dir, '40_locked'));
  await writeFile(join(demo.dir, '40_locked', 'secret.jpg'), small);
  await writeFile(join(demo.dir, '40_locked', 'secret.txt'), 'maya_char, portrait');
  await writeFile(join(char, 'locked.jpg'), small);
  await writeFile(join(char, 'locked.txt'), 'maya_char, portrait');
  await chmod(join(char, 'locked.jpg'), 0o000);
  await chmod(join(char, 'locked.txt'), 0o000);
  await chmod(join(demo.dir, '40_locked'), 0o000);
  report = await checkDataset(demo.dir, { trigger: 'maya_char' });
}, 60_000);

const has = (rule: string, file: string) => report.findings.some((f) => f.rule === rule && f.files.includes(file));

describe('hostile dataset corpus', () => {
  it('every planted bad case gives its finding', () => {
    expect(demo.planted.filter((p) => !p.files.every((file) => has(p.rule, file)) && !(p.files.length === 0 && report.findings.some((f) => f.rule === p.rule)))).toEqual([]);
  });

  it('hostile file names are reported verbatim and nothing is executed', async () => {
    for (const n of HOSTILE_NAMES) expect(has('image.too-small', `${demo.characterFolder}/${n}.jpg`), JSON.stringify(n)).toBe(true);
    for (const where of [root, demo.dir, join(demo.dir, demo.characterFolder), process.cwd()]) {
      expect((await readdir(where)).filter((n) => n === 'PWNED' || n === 'PWNED2')).toEqual([]);
    }
    // The text report never prints a raw newline inside a file name.
    const nl = report.findings.find((f) => f.files.includes(`${demo.characterFolder}/new\nline.jpg`))!;
    const text = formatFinding(nl).join('\n');
    expect(text).toContain(`"${demo.characterFolder}/new\\nline.jpg"`);
    expect(text).not.toMatch(/new\nline/);
    expect(formatReport(report)).not.toMatch(/new\nline/);
  });

  it('symlink loops, dangling links and pipes are findings, not hangs', () => {
    expect(has('layout.symlink-loop', `${demo.characterFolder}/loop`)).toBe(true);
    expect(has('layout.symlink-loop', 'also_40_maya')).toBe(true);
    expect(has('layout.broken-link', `${demo.characterFolder}/dangling.jpg`)).toBe(true);
    expect(has('layout.special-file', `${demo.characterFolder}/pipe.jpg`)).toBe(true);
  });

  it('unreadable files and folders are errors (checked as an unprivileged user when running as root)', async () => {
    if (process.getuid?.() === 0) {
      // root reads through chmod 000, so run the built CLI as `nobody`, which cannot.
      await chmod(root, 0o755);
      const run = promisify(execFile);
      const r = await run(process.execPath, [BIN, 'check', demo.dir, '--json', '--trigger', 'maya_char'], { uid: 65534, gid: 65534, env: { ...process.env, HOME: '/tmp' } }).catch(
        (e: { stdout: string; code: number }) => e,
      );
      const json = JSON.parse(r.stdout) as CheckReport;
      const rules = (file: string) => json.findings.filter((f) => f.files.includes(file)).map((f) => f.rule);
      expect(rules(`${demo.characterFolder}/locked.jpg`)).toEqual(expect.arrayContaining(['image.unreadable', 'caption.unreadable']));
      expect(rules('40_locked')).toContain('layout.unreadable');
      expect((r as { code?: number }).code).toBe(1);
    } else {
      expect(has('image.unreadable', `${demo.characterFolder}/locked.jpg`)).toBe(true);
      expect(has('caption.unreadable', `${demo.characterFolder}/locked.jpg`)).toBe(true);
      expect(has('layout.unreadable', '40_locked')).toBe(true);
    }
  });

  it('the command prints the whole corpus without crashing, exit 1 for errors', async () => {
    const chunks: string[] = [];
    const err: string[] = [];
    const sink = (a: string[]) => ({ write: (s: string) => (a.push(s), true) }) as unknown as NodeJS.WritableStream;
    const code = await main(['check', demo.dir, '--fast', '--trigger', 'maya_char'], {
      cwd: root,
      stdout: sink(chunks),
      stderr: sink(err),
      stdin: process.stdin,
      tty: false,
      env: {},
    });
    expect(code).toBe(1);
    expect(chunks.join('')).toContain('Verdict: not ready');
    expect(err.join('')).toBe('');
  });
});
