/** A small training project on disk for pod tests: images made with sharp, captions, and an ai-toolkit config. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

export const REHEARSAL_DIR = resolve(import.meta.dirname, '../../rehearsal/ai-toolkit');

export async function makeImage(path: string, seed: number, size = 96): Promise<void> {
  const { data, info } = await sharp({
    create: { width: size, height: size, channels: 3, background: { r: (seed * 37) % 256, g: (seed * 91) % 256, b: (seed * 53) % 256 } },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i += 7) data[i] = (data[i] + i * seed) & 0xff; // texture so JPEGs differ in size
  await sharp(data, { raw: info }).jpeg({ quality: 85 }).toFile(path);
}

export interface PodProject {
  dir: string;
  datasetDir: string;
  configPath: string;
  names: string[];
}

export async function makePodProject(dir: string, opts: { images?: number; names?: string[]; steps?: number; saveEvery?: number; size?: number } = {}): Promise<PodProject> {
  const datasetDir = join(dir, 'dataset', '10_maya');
  await mkdir(datasetDir, { recursive: true });
  const names = opts.names ?? Array.from({ length: opts.images ?? 3 }, (_, i) => `img_${String(i).padStart(3, '0')}`);
  let i = 0;
  for (const n of names) {
    await makeImage(join(datasetDir, `${n}.jpg`), ++i, opts.size ?? 96);
    await writeFile(join(datasetDir, `${n}.txt`), `maya, photo ${i}`);
  }
  const configPath = join(dir, 'config.yaml');
  await writeFile(
    configPath,
    `# ai-toolkit config written by lorapilot
job: extension
config:
  name: maya_v1
  process:
    - type: sd_trainer
      training_folder: output
      device: cuda:0
      network:
        type: lora
        linear: 16
        linear_alpha: 16
      save:
        save_every: ${opts.saveEvery ?? 5}
        max_step_saves_to_keep: 4
      datasets:
        - folder_path: dataset/10_maya
          caption_ext: txt
          num_repeats: 10
          resolution: [512]
      train:
        steps: ${opts.steps ?? 12}
        lr: 1e-4
        batch_size: 1
      model:
        name_or_path: black-forest-labs/FLUX.1-dev
        arch: flux
      sample:
        sample_every: 6
        prompts:
          - "maya, portrait"
      logging:
        use_ui_logger: true
        log_every: 1
`,
  );
  await writeFile(
    join(dir, 'lorapilot.yaml'),
    `name: maya\ntrigger: maya\ndataset: dataset\nconfig:\n  file: config.yaml\nprogress: {}\n`,
  );
  return { dir, datasetDir: join(dir, 'dataset'), configPath, names };
}
