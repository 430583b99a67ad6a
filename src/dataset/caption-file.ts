import { readRegularFile } from '../fs/regular.js';
import { stripAnsi } from '../text/sanitize.js';
import { decodeCaption } from './caption.js';

/** The caption ai-toolkit pairs with an image: same path, `.txt` instead of the extension (§4). */
export function captionPathFor(imagePath: string): string {
  const slash = imagePath.lastIndexOf('/');
  const dot = imagePath.lastIndexOf('.');
  return dot > slash + 1 ? `${imagePath.slice(0, dot)}.txt` : `${imagePath}.txt`;
}

/** The caption text for display (BOM dropped, CR shown as nothing, escape codes dropped), or null when there is none. */
export async function readCaptionText(imagePath: string): Promise<string | null> {
  try {
    const bytes = await readRegularFile(captionPathFor(imagePath), 4 * 1024 * 1024);
    return stripAnsi(decodeCaption(bytes).text.replace(/\r/g, ''));
  } catch {
    return null;
  }
}
