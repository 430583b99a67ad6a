import { facesSettings, type Judgement } from '../faces/index.js';
import type { Project } from '../project/index.js';
import type { IdentityFailureJson, FacesJson, ScoreImagesJson } from './identity-json.js';
import { openIdentity, scorePlanImages, scoreRunSamples, type Hooks, type SampleScore } from './identity-service.js';
import { projectCombinedRanking } from './ranking-combined.js';
import { indexProject, openCheckpoints, type SessionDeps } from './session.js';
import { projectPaths } from './source.js';

/** The two identity reports as data, the one thing both faces (command, screens) render. */

function judged(s: SampleScore, j: Judgement) {
  return { file: s.file, step: s.step, prompt: s.prompt, faces: j.faces, distance: j.distance, verdict: j.verdict, memorised: j.memorised, ...(s.error ? { error: s.error } : {}) };
}

/** Every sample of the run judged against the training identity, per checkpoint, and the combined ranking. */
export async function facesReport(project: Project, dir: string, opts: { folder?: string } & SessionDeps & Hooks = {}): Promise<FacesJson | IdentityFailureJson> {
  const settings = facesSettings(project);
  const open = await openCheckpoints(project, dir, opts);
  if (!open.ok) return { ok: false, message: open.message, fix: open.fix };
  try {
    const base = await openIdentity(project, dir, opts);
    if (!base.ok) return base;
    try {
      const index = await indexProject(project, dir, open, { readHeaders: false, signal: opts.signal });
      const { samples, steps } = await scoreRunSamples(base, index, open.target, projectPaths(dir).sampleCache, opts);
      const ranking = projectCombinedRanking(project.checkpoints, new Map(steps.map((s) => [s.step, s.consistency])), settings.userWeight);
      return {
        ok: true,
        threshold: base.identity.threshold,
        target: settings.target,
        trainingImages: base.trainingImages,
        samples: samples.map((s) => judged(s, s.judgement)),
        steps,
        ranking,
        userWeight: settings.userWeight,
      };
    } finally {
      await base.scanner.close();
    }
  } finally {
    await open.target.close();
  }
}

/** The test plan's ComfyUI images in `imagesDir`: per checkpoint and strength, and the sweet-spot strength. */
export async function scoreImagesReport(project: Project, dir: string, imagesDir: string, hooks: Hooks = {}): Promise<ScoreImagesJson | IdentityFailureJson> {
  const settings = facesSettings(project);
  const base = await openIdentity(project, dir, hooks);
  if (!base.ok) return base;
  try {
    let r;
    try {
      r = await scorePlanImages(base, imagesDir, settings.target, hooks);
    } catch (e) {
      if (hooks.signal?.aborted) throw e;
      return { ok: false, message: (e as Error).message, fix: 'pass the folder ComfyUI wrote the test plan images to (its output/ folder)' };
    }
    return {
      ok: true,
      threshold: base.identity.threshold,
      target: settings.target,
      trainingImages: base.trainingImages,
      images: r.images.map((i) => ({ ...judged(i, i.judgement), strength: i.strength, seed: i.seed })),
      unrecognised: r.unrecognised,
      checkpoints: r.spots,
    };
  } finally {
    await base.scanner.close();
  }
}
