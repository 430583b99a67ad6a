/**
 * Key-to-frame latency on the Dataset and Captions screens with 1,000 real images: from a key written to
 * the screen's input to the first frame that shows its effect, through the one input dispatcher (split,
 * route, handler, render). The screens run in-process (ink-testing-library), so the figure is lorapilot's
 * own work, not the terminal's. Bar: p95 < 50 ms.
 *
 * Run: TSX_TSCONFIG_PATH=bench/tsconfig.json node --import tsx bench/keys.ts [--faces-only] (bench/run.ts sets it: the
 * screens' JSX is compiled with the project's settings only for files the tsconfig includes)
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { createProject, loadProject } from '../src/project/index.js';
import type { ScreenHarness } from '../test/helpers/render.js';
import { runIfMain } from './_main.js';

const IMAGES = 1000;
const PRESSES = 200;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

/**
 * Write one key and time it to the first frame that differs from the one before it: wall time, and the CPU
 * time the process spent meanwhile (on a loaded machine the wall time is mostly waiting for a core).
 */
async function timeKey(s: ScreenHarness, key: string): Promise<{ wall: number; cpu: number }> {
  const before = s.lastFrame();
  const count = s.frames.length;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  s.write(key).catch(() => undefined);
  for (;;) {
    if (s.frames.length > count && s.lastFrame() !== before) {
      const c = process.cpuUsage(c0);
      return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
    }
    await new Promise<void>((r) => setImmediate(r));
    if (performance.now() - t0 > 5000) throw new Error(`no frame changed within 5 s of ${JSON.stringify(key)}`);
  }
}

async function measure(label: string, s: ScreenHarness, keys: readonly string[], restMs: number, presses = PRESSES, until?: () => boolean): Promise<{ p50: number; p95: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < presses && (!until || !until()); i++) {
    const t = await timeKey(s, keys[i % keys.length]);
    wall.push(t.wall);
    cpu.push(t.cpu);
    // Let the frame's follow-up work finish, the image preview included (drawn once the selection rests), as
    // between a person's deliberate keys; the next key's frame then replaces a drawn preview.
    await s.write('');
    await sleep(restMs + 30);
    await s.write('');
  }
  const sorted = wall.sort((a, b) => a - b);
  const cpuSorted = cpu.sort((a, b) => a - b);
  const r = { p50: pct(sorted, 0.5), p95: pct(sorted, 0.95) };
  console.log(
    `${label}: ${wall.length} keys, key → frame p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (bar: p95 < 50 ms); ` +
      `CPU per key p50 ${pct(cpuSorted, 0.5).toFixed(1)} ms, p95 ${pct(cpuSorted, 0.95).toFixed(1)} ms`,
  );
  return r;
}

/**
 * Keys on the Dataset screen while it scores the faces of 48 real 1024² photographs: the face nets on
 * TensorFlow.js on a thread per core (before onnxruntime), on onnxruntime in this process, and on the
 * wizard's scoring thread (what the wizard does now).
 */
async function whileScoringFaces(
  benchDir: string,
  renderScreen: typeof import('../test/helpers/render.js').renderScreen,
  DatasetScreen: typeof import('../screens/dataset/DatasetScreen.js').DatasetScreen,
  createElement: typeof import('react').createElement,
  restMs: number,
): Promise<void> {
  const { demoPhoto, PEOPLE } = await import('../test/unit/faces/photos.js');
  const { scoreFacesOffMainThread } = await import('../src/faces/pool-limit.js');
  const dir = join(benchDir, 'faces');
  await mkdir(dir, { recursive: true });
  await createProject(dir, { name: 'maya', trigger: 'maya_char' });
  const folder = join(dir, 'dataset', '40_maya');
  await mkdir(folder, { recursive: true });
  const people = Object.values(PEOPLE);
  for (let i = 0; i < 48; i++) {
    const p = people[i % people.length];
    const side = Math.round(Math.max(p.w, p.h) * (2.2 + (i % 3) * 0.2));
    const meta = await sharp(demoPhoto(p.photo)).metadata();
    const left = Math.max(0, Math.min(meta.width! - side, Math.round(p.x + p.w / 2 - side / 2) + Math.floor(i / people.length) * 4 - 24));
    const top = Math.max(0, Math.min(meta.height! - side, Math.round(p.y + p.h / 2 - side / 2)));
    await sharp(demoPhoto(p.photo))
      .extract({ left, top, width: Math.min(side, meta.width!), height: Math.min(side, meta.height!) })
      .resize(1024, 1024, { fit: 'cover' })
      .jpeg({ quality: 90 })
      .toFile(join(folder, `face${i}.jpg`));
    await writeFile(join(folder, `face${i}.txt`), `${i % 6 === 0 ? '' : 'maya_char, '}portrait, smiling`);
  }
  const r = await loadProject(dir);
  if (!r.ok) throw new Error('the faces bench project did not load');
  const modes: Array<{ label: string; env: string | undefined; thread: boolean }> = [
    { label: 'before: TensorFlow.js on a thread per core (its default)', env: 'tfjs', thread: false },
    { label: 'onnxruntime in this process', env: undefined, thread: false },
    { label: 'after: onnxruntime on the scoring thread (the wizard)', env: undefined, thread: true },
  ];
  for (const m of modes) {
    await rm(join(dir, '.lorapilot'), { recursive: true, force: true });
    if (m.env) process.env.LORAPILOT_FACE_RUNTIME = m.env;
    else delete process.env.LORAPILOT_FACE_RUNTIME;
    scoreFacesOffMainThread(m.thread);
    const s = renderScreen(createElement(DatasetScreen), { dir, project: r.project, width: 120, height: 38 });
    await s.waitForText('Findings 1/', 60_000);
    // The model is loading or scoring from here; keys are timed until the last face is scored.
    await s.waitForText('scoring faces', 120_000);
    await measure(`Dataset while scoring 48 faces, ${m.label}`, s, ['j', 'k'], restMs, 100, () => !s.lastFrame().includes('scoring faces'));
    s.unmount();
  }
  scoreFacesOffMainThread(false);
  delete process.env.LORAPILOT_FACE_RUNTIME;
}

export async function main(): Promise<void> {
  // The wizard runs React's production build (bin/wizard.ts): measure that, not React's development checks.
  process.env.NODE_ENV ??= 'production';
  const { createElement } = await import('react');
  const { CaptionsScreen } = await import('../screens/captions/CaptionsScreen.js');
  const { DatasetScreen } = await import('../screens/dataset/DatasetScreen.js');
  const { renderScreen } = await import('../test/helpers/render.js');
  const { PREVIEW_REST_MS } = await import('../src/ui/use-resting.js');
  // The machine's load changes these figures more than anything: print it with them.
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  const dir = await mkdtemp(join(tmpdir(), 'lorapilot-bench-keys-'));
  try {
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const folder = join(dir, 'dataset', '40_maya');
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < IMAGES; i++) {
      const name = `img${String(i).padStart(4, '0')}`;
      // Distinct pictures (a gradient per image), so they are not one duplicate group.
      const px = Buffer.alloc(64 * 64 * 3);
      for (let p = 0; p < 64 * 64; p++) px.set([(p * 7 + i * 13) & 255, (i * 31) & 255, (p >> 6) * 4], p * 3);
      await sharp(px, { raw: { width: 64, height: 64, channels: 3 } }).jpeg().toFile(join(folder, `${name}.jpg`));
      // Every tenth caption lacks the trigger: the Dataset screen has a long findings list to move through.
      await writeFile(join(folder, `${name}.txt`), `${i % 10 === 0 ? '' : 'maya_char, '}portrait, smiling, photo ${i}\n`);
    }
    const r = await loadProject(dir);
    if (!r.ok) throw new Error('the bench project did not load');
    if (process.argv.includes('--faces-only')) return await whileScoringFaces(dir, renderScreen, DatasetScreen, createElement, PREVIEW_REST_MS);

    const dataset = renderScreen(createElement(DatasetScreen), { dir, project: r.project, width: 120, height: 38 });
    await dataset.waitForText('Findings 1/', 120_000);
    // The decode pass over 1,000 images (and the face pass) is over: its work is not what a key costs.
    await dataset.waitForText(/^(?![\s\S]*(decoding images|scoring faces))[\s\S]*Errors \(\d+\)/, 600_000);
    await measure(`Dataset, ${IMAGES} images`, dataset, ['j', 'j', 'j', 'k'], PREVIEW_REST_MS);
    dataset.unmount();

    const captions = renderScreen(createElement(CaptionsScreen), { dir, project: r.project, width: 120, height: 38 });
    await captions.waitForText('images ·', 120_000);
    await measure(`Captions, ${IMAGES} images`, captions, ['j', 'j', 'j', 'k'], PREVIEW_REST_MS);
    captions.unmount();

    await whileScoringFaces(dir, renderScreen, DatasetScreen, createElement, PREVIEW_REST_MS);
  } finally {
    // A screen's cancelled check may still be saving its face cache as the folder goes: rm retries then.
    await rm(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}

runIfMain(import.meta.url, main);
