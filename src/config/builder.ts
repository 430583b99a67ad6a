import type { FolderInfo } from '../dataset/scan.js';
import type { Project } from '../project/schema.js';
import { remoteLayout, type RemoteLayout } from '../project/pod-layout.js';
import { datasetNotes, runNotes, type BuildNote } from './build-notes.js';
import { trainerProcess } from './build-process.js';
import type { Choices } from './choices.js';
import { runLength } from './length.js';
import type { JobInput } from './schema.js';
import { stepMath, type StepMath } from './step-math.js';
import { isLegacyArch } from './vocabulary.js';
import { renderYaml } from './yaml-render.js';

/**
 * Build an ai-toolkit config from the dataset folders and the user's choices. Pure: no file is read or
 * written here. The YAML carries a comment on every value whose reason is not obvious.
 */

export type { BuildNote } from './build-notes.js';
export { GUIDE_NEGATIVE, GUIDE_TEST_PROMPTS, SAMPLE_SEED, samplePrompt } from './sample-prompts.js';

export interface BuildInput {
  project: Pick<Project, 'name' | 'trigger'> & { pod?: { root?: string } | null };
  folders: readonly FolderInfo[];
  choices: Choices;
}

export interface BuildResult {
  job: JobInput;
  yaml: string;
  math: StepMath;
  layout: RemoteLayout;
  /** Where the run's files land on the pod: training_folder/<name>. */
  outputFolder: string;
  vramNote: string;
  notes: BuildNote[];
}

/** Folders with images: each becomes one dataset entry. */
export function trainingFolders(folders: readonly FolderInfo[]): FolderInfo[] {
  return folders.filter((f) => f.imageCount > 0);
}

export function buildConfig(input: BuildInput): BuildResult {
  const { project, choices: c } = input;
  const preset = c.preset;
  const layout = remoteLayout(project.pod?.root ?? '/workspace/lorapilot', project.name);
  const folders = trainingFolders(input.folders);
  const math = stepMath(
    {
      folders: folders.map((f) => ({ rel: f.rel, images: f.imageCount, repeats: f.repeats ?? 1 })),
      resolutions: c.resolution.length,
      batchSize: c.batchSize,
      gradientAccumulation: c.gradientAccumulation,
    },
    runLength(c),
  );
  const notes = [...datasetNotes(folders), ...runNotes(math, c, folders)];
  const legacy = isLegacyArch(preset.arch);
  const model = preset.model(c.vram);
  const cacheTe = preset.cacheTextEmbeddings(c.vram);
  const process = trainerProcess({ trigger: project.trigger, layout, folders, choices: c, math, legacy, model, cacheTe });

  const job: JobInput = {
    job: 'extension',
    config: { name: project.name, process: [process as JobInput['config']['process'][number]] },
    meta: { name: project.name, version: '1.0', base_model: preset.label, trigger_word: project.trigger },
  };
  const outputFolder = `${layout.trainingFolder}/${project.name}`;
  const yaml = renderYaml(job, { math, choices: c, folders, outputFolder, cacheTe, legacy, model });
  return { job, yaml, math, layout, outputFolder, vramNote: preset.vramNote(c.vram), notes };
}
