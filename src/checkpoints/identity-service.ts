import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { scanDataset } from '../dataset/index.js';
import { faceCachePath, FaceModelError, facesSettings, FaceScanner, judge, trainingIdentity, type Reference, type TrainingIdentity } from '../faces/index.js';
import { datasetFolder, type Project } from '../project/index.js';
import type { CheckpointIndex } from './checkpoint-index.js';
import { identityBySteps, sweetSpots, type JudgedSample, type StepIdentity, type SweetSpot } from './identity.js';
import { parsePlanOutput } from './plan-output.js';
import { fetchSample } from './sample-cache.js';
import type { Target } from '../remote/target.js';

/**
 * Identity scoring of a run's samples and of the test plan's ComfyUI images against the training identity:
 * the robust centroid of the character images' faces (one face each), through the project's face cache.
 */

export interface Hooks {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, current: string) => void;
}

export type IdentityBase = { ok: true; identity: TrainingIdentity; scanner: FaceScanner; trainingImages: number } | { ok: false; message: string; fix: string };

export async function openIdentity(project: Project, dir: string, hooks: Hooks = {}): Promise<IdentityBase> {
  const settings = facesSettings(project);
  const scanner = await FaceScanner.create(settings, faceCachePath(dir));
  const root = datasetFolder(dir, project);
  const scan = await scanDataset(root);
  const kind = new Map(scan.folders.map((f) => [f.rel, f.kind]));
  const character = scan.images.filter((i) => kind.get(i.folder) === 'character').map((i) => ({ path: i.path, rel: i.rel }));
  if (character.length === 0) {
    await scanner.close();
    return { ok: false, message: `no character images in ${root}`, fix: 'the training identity comes from the dataset: check it with lorapilot check' };
  }
  let results;
  try {
    results = await scanner.scanAll(character, { signal: hooks.signal, onProgress: (p) => hooks.onProgress?.(p.done, p.total, `training ${p.current}`) });
  } catch (e) {
    await scanner.close().catch(() => {});
    if (!(e instanceof FaceModelError)) throw e;
    const [message, ...rest] = e.message.split('\n');
    return { ok: false, message, fix: rest.join(' ').trim() || 'set faces.model: face-api in lorapilot.yaml' };
  }
  const refs: Reference[] = [];
  for (const [rel, r] of results) if (r.ok && r.faces.faces.length === 1) refs.push({ image: rel, descriptor: r.faces.faces[0].descriptor, hash: r.faces.hash });
  const identity = trainingIdentity(refs, await scanner.threshold());
  if (!identity) {
    await scanner.close();
    return { ok: false, message: `no character image in ${root} shows exactly one face`, fix: 'identity needs photographs or realistic renders with the face visible' };
  }
  return { ok: true, identity, scanner, trainingImages: refs.length };
}

export interface SampleScore extends JudgedSample {
  error?: string;
}

/** Fetch (into the sample cache) and judge every sample image of the run. */
export async function scoreRunSamples(base: { identity: TrainingIdentity; scanner: FaceScanner }, index: CheckpointIndex, target: Target, cacheDir: string, hooks: Hooks = {}): Promise<{ samples: SampleScore[]; steps: StepIdentity[] }> {
  const all = index.sampleSteps.flatMap((s) => s.samples);
  const samples: SampleScore[] = [];
  let done = 0;
  for (const s of all) {
    hooks.signal?.throwIfAborted();
    const got = await fetchSample(target, index.folder, index.jobName, s, cacheDir);
    const r = got.ok ? await base.scanner.scan(got.path) : { ok: false as const, error: got.message };
    if (r.ok) samples.push({ file: s.file, step: s.step, prompt: s.index, judgement: judge(r.faces, base.identity) });
    else samples.push({ file: s.file, step: s.step, prompt: s.index, judgement: { faces: 0, distance: null, verdict: 'no-face', memorised: null }, error: r.error });
    hooks.onProgress?.(++done, all.length, s.file);
  }
  return { samples, steps: identityBySteps(samples.filter((s) => !s.error)) };
}

export interface PlanImageScore extends SampleScore {
  strength: number;
  seed: number;
}

/** The images ComfyUI wrote for a test plan, read back by name, judged, and summed up per checkpoint and strength. */
export async function scorePlanImages(base: { identity: TrainingIdentity; scanner: FaceScanner }, dir: string, target: number, hooks: Hooks = {}): Promise<{ images: PlanImageScore[]; unrecognised: string[]; spots: SweetSpot[] }> {
  const files = await listImages(dir).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${dir}: ${e.code ?? e.message}`);
  });
  const images: PlanImageScore[] = [];
  const unrecognised: string[] = [];
  let done = 0;
  for (const rel of files) {
    hooks.signal?.throwIfAborted();
    const name = parsePlanOutput(rel);
    if (!name) {
      unrecognised.push(rel);
      continue;
    }
    const r = await base.scanner.scan(join(dir, rel));
    const judgement = r.ok ? judge(r.faces, base.identity) : { faces: 0, distance: null, verdict: 'no-face' as const, memorised: null };
    images.push({ file: rel, step: name.step, prompt: name.prompt, strength: name.strength, seed: name.seed, judgement, ...(r.ok ? {} : { error: r.error }) });
    hooks.onProgress?.(++done, files.length, rel);
  }
  return { images, unrecognised, spots: sweetSpots(images.filter((i) => !i.error), target) };
}

async function listImages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(png|jpe?g|webp)$/i.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}
