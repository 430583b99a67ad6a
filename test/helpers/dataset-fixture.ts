import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The guide's dataset layout (40_ character folder, 20_ real-body folder) with caption files.
 * The config step only needs the layout (scanDataset does not decode), so the image files are empty.
 */
export async function guideDataset(root: string, { character = 70, realbody = 30, trigger = 'maya_char' } = {}): Promise<void> {
  const a = join(root, '40_maya_char');
  const b = join(root, '20_maya_char_realbody');
  await mkdir(a, { recursive: true });
  await mkdir(b, { recursive: true });
  for (let i = 0; i < character; i++) {
    await writeFile(join(a, `img${String(i).padStart(3, '0')}.jpg`), '');
    await writeFile(join(a, `img${String(i).padStart(3, '0')}.txt`), `${trigger}, portrait`);
  }
  for (let i = 0; i < realbody; i++) {
    await writeFile(join(b, `body${String(i).padStart(3, '0')}.jpg`), '');
    await writeFile(join(b, `body${String(i).padStart(3, '0')}.txt`), `${trigger}, realistic_body, legs`);
  }
}
