import { samplesFolder } from '../ai-toolkit/layout.js';
import type { Finding } from '../dataset/finding.js';
import type { Target } from '../remote/target.js';
import type { ListedFile } from './pairing.js';
import { sampleSettings } from './sample-settings.js';

/** The files of a job output folder and of its samples/ folder, as listed on the target. */
export interface JobFolderListing {
  found: boolean;
  files: ListedFile[];
  samples: ListedFile[];
  findings: Finding[];
}

async function listFiles(target: Target, folder: string): Promise<ListedFile[]> {
  return (await target.list(folder)).filter((e) => e.isFile).map((e) => ({ name: e.name, size: e.size, mtimeMs: e.mtimeMs }));
}

export async function listJobFolder(target: Target, folder: string): Promise<JobFolderListing> {
  let files: ListedFile[];
  try {
    files = await listFiles(target, folder);
  } catch (e) {
    return {
      found: false,
      files: [],
      samples: [],
      findings: [
        {
          rule: 'checkpoints.no-output',
          severity: 'error',
          files: [folder],
          message: `cannot list ${folder} on ${target.label}: ${(e as Error).message}`,
          fix: 'Check the job in lorapilot.yaml (job.output), or that training has started and written its first save.',
        },
      ],
    };
  }
  let samples: ListedFile[] = [];
  try {
    samples = await listFiles(target, samplesFolder(folder));
  } catch {
    // No samples folder yet (sampling disabled, or before the first sample): not a problem.
  }
  return { found: true, files, samples, findings: [] };
}

/**
 * Sample prompts as the run used them: ai-toolkit writes config.yaml into the output folder after
 * `[name]` substitution (reference §2), and never writes the prompt next to the image.
 */
export async function samplePrompts(target: Target, folder: string): Promise<string[]> {
  return (await sampleSettings(target, folder)).prompts;
}
