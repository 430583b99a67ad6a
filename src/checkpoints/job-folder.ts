import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configCopyPath, samplesFolder } from '../ai-toolkit/layout.js';
import type { Finding } from '../dataset/finding.js';
import type { Target } from '../remote/target.js';
import { stripAnsi } from '../text/sanitize.js';
import type { ListedFile } from './pairing.js';

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

const promptsShape = z.object({
  config: z.object({
    process: z
      .array(z.object({ sample: z.object({ prompts: z.array(z.union([z.string(), z.object({ prompt: z.string() }).passthrough()])).optional() }).passthrough().optional() }).passthrough())
      .min(1),
  }),
});

/**
 * Sample prompts as the run used them: ai-toolkit writes config.yaml into the output folder after
 * `[name]` substitution (reference §2), and never writes the prompt next to the image.
 */
export async function samplePrompts(target: Target, folder: string): Promise<string[]> {
  try {
    const text = (await target.readFile(configCopyPath(folder))).toString('utf8');
    const parsed = promptsShape.safeParse(parseYaml(text));
    if (!parsed.success) return [];
    // Text from the pod is drawn and printed: no control sequences get through.
    return (parsed.data.config.process[0].sample?.prompts ?? []).map((p) => stripAnsi(typeof p === 'string' ? p : p.prompt));
  } catch {
    return [];
  }
}
