import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/project/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** Numbers past any sane run: refused with the range, nothing written, no time or memory spent on them. */
let dir: string;

beforeAll(async () => {
  dir = await tempDir('lorapilot-hostile-numbers-');
  await createProject(dir, { name: 'maya', trigger: 'maya_char' });
  await mkdir(join(dir, 'dataset'));
});

describe('numeric options and lorapilot.yaml numbers have bounds', () => {
  const cases: Array<[string[], RegExp]> = [
    [['config', 'build', '--steps', '1e12'], /--steps takes a whole number from 1 to 1,000,000/],
    [['config', 'build', '--steps', '99999999999999999999'], /out of range/],
    [['config', 'build', '--epochs', '1e9'], /--epochs takes a number from 0.01 to 10,000/],
    [['config', 'build', '--rank', '100000'], /--rank takes/],
    [['config', 'build', '--batch', '1000000'], /--batch takes/],
    [['config', 'build', '--resolution', '1024,1000000'], /--resolution takes/],
    [['checkpoints', 'plan', '--seeds', '1000000'], /--seeds takes a whole number from 1 to 100/],
    [['checkpoints', 'plan', '--strengths', '0.5,1e9'], /--strengths/],
    [['captions', 'tag', '--model', 'wd14', '--general', '7'], /--general takes a number from 0 to 1/],
    [['captions', 'tag', '--model', 'wd14', '--threads', '100000'], /--threads takes/],
    [['stop', '--wait', '1e12'], /--wait takes/],
  ];
  for (const [args, says] of cases) {
    it(`${args.join(' ')}: exit 2 and the range`, async () => {
      const before = await readFile(join(dir, 'lorapilot.yaml'), 'utf8');
      const r = await runCli(args, dir);
      expect(r.err).toMatch(says);
      expect(r.code).toBe(2);
      expect(await readFile(join(dir, 'lorapilot.yaml'), 'utf8')).toBe(before);
    });
  }

  it('a lorapilot.yaml with 10^12 steps is refused with its line and the range', async () => {
    const other = await tempDir('lorapilot-hostile-yaml-');
    await createProject(other, { name: 'maya', trigger: 'maya_char', config: { steps: 3000 } });
    const text = (await readFile(join(other, 'lorapilot.yaml'), 'utf8')).replace('steps: 3000', 'steps: 1000000000000');
    await writeFile(join(other, 'lorapilot.yaml'), text);
    const r = await runCli(['status'], other);
    expect(r.out + r.err).toMatch(/lorapilot\.yaml:\d+:\d+: config\.steps: takes a whole number from 1 to 1,000,000/);
  });
});
