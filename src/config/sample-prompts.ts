import type { FolderInfo } from '../dataset/scan.js';

/** Sample prompts: the guide's test set, with the trigger word written out. */

/** The guide's test prompts (guide.md §6.2). `[trigger]` stands for the trigger word. */
export const GUIDE_TEST_PROMPTS = [
  '[trigger], portrait, smiling, soft lighting',
  '[trigger], full body, dancing, dynamic pose',
  '[trigger], realistic_body, sitting, photorealistic',
  '[trigger], closeup, surprised expression',
  '[trigger], full body, winter clothing, snowy background',
];
/** guide.md §5.3. */
export const GUIDE_NEGATIVE = 'low quality, blurry, artifacts, deformed';
export const SAMPLE_SEED = 42;

/** `[trigger]` placeholders → the trigger word; prompts without the trigger get it in front. */
export function samplePrompt(template: string, trigger: string): string {
  const replaced = template.replace(/\[trigger\]/g, trigger);
  // ai-toolkit never prepends the trigger to sample prompts (BaseSDTrainProcess.py:326-329), so do it here.
  return new RegExp(`(^|[^A-Za-z0-9_])${escapeRe(trigger)}([^A-Za-z0-9_]|$)`).test(replaced) ? replaced : `${trigger}, ${replaced}`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}


/** The guide's prompts this dataset can show. */
export function defaultPrompts(folders: readonly FolderInfo[]): string[] {
  const hasRealBody = folders.some((f) => f.kind === 'realbody');
  // The realistic_body prompt only means something when the dataset teaches that tag.
  return GUIDE_TEST_PROMPTS.filter((p) => hasRealBody || !p.includes('realistic_body'));
}
