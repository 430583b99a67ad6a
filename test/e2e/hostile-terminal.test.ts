import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSafetensors } from '../../src/ai-toolkit/safetensors.js';
import { checkpointFileName } from '../../src/ai-toolkit/names.js';
import { createProject } from '../../src/project/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * Escape sequences planted where files carry text: a caption that would retitle the terminal (OSC),
 * clear it (CSI, and its one-byte C1 form) and recolour it, and a checkpoint whose metadata does the same.
 * No command may print any of it raw, in text or in --json.
 */
const HOSTILE = '\x1b]0;PWNED\x07\x1b[2J\x1b[31m\x9b2Jred\x1b[0m\rhair';
// ESC, BEL, the C1 CSI and a lone CR: none may reach the terminal.
const RAW = /[\x1b\x07\x9b]|\r(?!\n)/;

let dir: string;

beforeAll(async () => {
  dir = await tempDir('lorapilot-hostile-terminal-');
  const char = join(dir, 'dataset', '40_maya');
  await mkdir(char, { recursive: true });
  const jpg = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#446688' } }).jpeg().toBuffer();
  await writeFile(join(char, 'a.jpg'), jpg);
  // The hostile tag first, so check quotes it: `trigger word … is not the first tag (first: "…")`.
  await writeFile(join(char, 'a.txt'), `${HOSTILE}, maya_char, ${HOSTILE}, portrait`);
  const out = join(dir, 'output', 'maya_v1');
  await mkdir(out, { recursive: true });
  await writeFile(join(out, checkpointFileName('maya_v1', 250)), buildSafetensors({ training_info: `{"step": "${HOSTILE}"}` }));
  await writeFile(join(out, checkpointFileName('maya_v1', 500)), buildSafetensors({ training_info: HOSTILE }));
  await createProject(dir, {
    name: 'maya_v1',
    trigger: 'maya_char',
    dataset: 'dataset',
    pod: { target: 'local' },
    job: { host: 'local', folder: dir, name: 'maya_v1', config: 'c', log: 'run.log', output: out },
    config: { preset: 'sdxl' },
  });
}, 30_000);

describe('nothing from a file reaches the terminal raw', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['check', ['check', '--fast'], /first: "/],
    ['captions list', ['captions', 'list'], /red/],
    ['captions stats', ['captions', 'stats'], /red/],
    ['captions normalize --dry-run', ['captions', 'normalize', '--dry-run'], /would change/],
    ['checkpoints list', ['checkpoints', 'list'], /training_info/],
  ];
  for (const [name, args, shows] of cases) {
    it(`${name} prints the text without its codes`, async () => {
      const r = await runCli(args, dir);
      expect(r.out + r.err).toMatch(shows);
      expect(r.out + r.err).not.toMatch(RAW);
      const j = await runCli([...args, '--json'], dir);
      // JSON keeps the value (ESC escaped as \u001b), with the C1 controls escaped as well.
      expect(j.out).not.toMatch(RAW);
    });
  }
});
