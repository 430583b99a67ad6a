import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../../helpers/tmp.js';

/** A project (maya, trigger maya_char) whose dataset holds these images (placeholder bytes) and captions (null: none). */
export async function captionProject(files: Record<string, string | null>, identityTags: string[] = []): Promise<string> {
  const dir = await tempDir('lorapilot-capcli-');
  await writeFile(join(dir, 'lorapilot.yaml'), `name: maya\ntrigger: maya_char\ncaptions:\n  identityTags: [${identityTags.join(', ')}]\n`);
  for (const [rel, caption] of Object.entries(files)) {
    await mkdir(join(dir, 'dataset', rel, '..'), { recursive: true });
    await writeFile(join(dir, 'dataset', rel), 'jpeg');
    if (caption !== null) await writeFile(join(dir, 'dataset', rel.replace('.jpg', '.txt')), caption);
  }
  return dir;
}
