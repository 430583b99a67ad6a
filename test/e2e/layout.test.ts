import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../src/dataset/demo.js';
import { createProject } from '../../src/project/index.js';
import { REHEARSAL_DIR } from '../helpers/pod-project.js';
import { runInPty, type PtySession } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';
import { makeJobOutput } from '../unit/checkpoints/fixture.js';

/** The three sizes every screen must fit, in the order one terminal is resized through them. */
const SIZES: Array<[number, number]> = [
  [80, 24],
  [120, 40],
  [60, 20],
];

let dir = '';
beforeAll(async () => {
  // One project for every screen: the demo dataset, a local rehearsal pod and a finished job's output.
  dir = await tempDir('lorapilot-e2e-layout-');
  await generateDemoDataset(dir, { name: 'maya', trigger: 'maya_char' });
  const job = await makeJobOutput(dir, { name: 'maya', steps: [250, 500], finalStep: 750, prompts: 2, tensorBytes: 4096, imageSize: 64 });
  await createProject(dir, {
    name: 'maya',
    trigger: 'maya_char',
    demo: true,
    pod: { target: 'local', root: join(dir, '.pod'), aiToolkit: REHEARSAL_DIR },
    job: { host: 'local', folder: join(dir, 'runs', '1'), name: 'maya', config: 'config.yaml', log: 'run.log', output: job.folder },
  });
}, 60_000);

/**
 * Every word of a sentence on the screen, in order and none cut: read row by row with the borders taken out,
 * the words of a pane beside it may come in between, but a cut (…) or a missing piece fails.
 */
function readsWhole(screen: string, sentence: string): boolean {
  const words = screen.replace(/[│╭╮╰╯─]/g, ' ').split(/\s+/);
  let at = 0;
  for (const w of sentence.split(' ')) {
    at = words.indexOf(w, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** What every frame must be: the header on top, nothing wider than the terminal, `?` and `q` in the footer. */
async function expectFits(t: PtySession, cols: number, rows: number, title: string) {
  const screen = await t.waitForText(new RegExp(`^.*1 Data.*\\n[\\s\\S]*\\? help[\\s\\S]*q/\\^C quit`));
  const lines = screen.split('\n');
  expect(lines.length, `${title} at ${cols}×${rows}`).toBe(rows);
  // A line wider than the terminal would wrap and push the header off the top row.
  expect(lines[0], `${title} at ${cols}×${rows}: header on the first row`).toMatch(/1 Data/);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(cols);
  const footer = lines.filter((l) => l.trim() !== '').slice(-2).join(' ');
  expect(footer, `${title} at ${cols}×${rows}: footer`).toMatch(/\? help.*q\/\^C quit/);
  return screen;
}

async function throughSizes(key: string, title: string, opened: string | RegExp, each?: (t: PtySession, screen: string) => Promise<void>) {
  const [c0, r0] = SIZES[0];
  const t = runInPty([], { cwd: dir, cols: c0, rows: r0 });
  try {
    await t.waitForText('q/^C quit', 30_000);
    t.write(key);
    await t.waitForText(opened, 30_000);
    for (const [cols, rows] of SIZES) {
      if (cols !== c0 || rows !== r0) t.resize(cols, rows);
      const screen = await expectFits(t, cols, rows, title);
      await each?.(t, screen);
    }
    t.write('\u0003');
    await t.exited;
  } finally {
    t.kill();
  }
}

describe('every screen at 80×24, 120×40 and 60×20', { timeout: 120_000 }, () => {
  it('Dataset', () => throughSizes('1', 'Dataset', 'Errors (8)'));
  it('Captions', () => throughSizes('2', 'Captions', 'images ·'));
  it('Config', () => throughSizes('3', 'Config', /YAML|Math/));
  it('Pod, with its launch confirmation readable whole', () =>
    throughSizes('4', 'Pod', 'Doctor', async (t) => {
      await t.waitForText('t train', 30_000);
      t.write('t');
      const asked = await t.waitForText('Launch a rehearsal run');
      expect(readsWhole(asked, 'Launch a rehearsal run on this machine? It keeps running if SSH drops. (y/n, p: stop the pod when done)'), asked).toBe(true);
      t.write('n');
      await t.waitForText('t train');
    }));
  it('Monitor', () => throughSizes('5', 'Monitor', /Loss|run/));
  it('Checkpoints', () => throughSizes('6', 'Checkpoints', 'final 750'));
});

describe('help over a screen', () => {
  it('is drawn over the Dataset screen, which keeps its selection and does not check again', { timeout: 90_000 }, async () => {
    const t = runInPty([], { cwd: dir, cols: 120, rows: 40 });
    try {
      await t.waitForText('q/^C quit', 30_000);
      t.write('1');
      await t.waitForText('Findings 1/', 30_000);
      t.write('jj');
      await t.waitForText('Findings 3/');
      const mark = t.output().length;
      t.write('?');
      const open = await t.waitForText('Keys — Dataset');
      // The help takes the rows it needs; the screen under it still shows below.
      expect(open.split('\n').slice(-6).join('\n')).toMatch(/[│╰]/);
      t.write('G');
      await t.waitForText('Jump to a step by number');
      t.write('q');
      const closed = await t.waitForText(/^(?![\s\S]*Keys — Dataset)[\s\S]*Findings 3\//);
      expect(closed).toContain('Findings 3/');
      expect(t.output().slice(mark)).not.toContain('Checking ');
      t.write('q');
      expect((await t.exited).exitCode).toBe(0);
    } finally {
      t.kill();
    }
  });
});
