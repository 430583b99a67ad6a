import { decodeCaption, duplicateTags, estimateClipTokens, hasTag, parseTags, tagKey } from '../caption.js';
import type { Finding } from '../finding.js';
import type { FolderKind } from '../scan.js';
import { oneLine } from '../../text/sanitize.js';
import { truncate } from '../../text/truncate.js';
import { CLIP_WINDOW, type TextEncoderWindow } from '../../ai-toolkit/text-encoders.js';

/**
 * Caption rules for ONE caption: pure, so the Captions step can show a per-image status with the
 * exact same verdicts `lorapilot check` prints. Captions are read by ai-toolkit as
 * `<image stem>.txt`, split on ',' (reference/ai-toolkit.md §4).
 */

/** The tag that separates body realism from character identity (guide §2.2). */
export const REALBODY_TAG = 'realistic_body';

/** ai-toolkit replaces these with the trigger word, but only when `trigger_word` is set (§4). */
const PLACEHOLDERS = ['[trigger]', '[name]'];

/** Above this CLIP (SD 1.5, SDXL) truncates the caption; other models' encoders read longer (text-encoders.ts). */
export const CLIP_TOKEN_LIMIT = CLIP_WINDOW.tokens;

/**
 * A slot of the caption template (`[describe clothing]`) that `captions create-missing` writes for the
 * user to fill. ai-toolkit replaces only [trigger] and [name], so an unfilled slot is trained as written.
 */
export function isTemplateSlot(tag: string): boolean {
  return /^\[describe [^\]]*\]$/i.test(tag.trim());
}

export const CAPTION_RULES = {
  missing: 'caption.missing',
  unreadable: 'caption.unreadable',
  notRegular: 'caption.not-regular',
  empty: 'caption.empty',
  notUtf8: 'caption.not-utf8',
  utf16: 'caption.utf16',
  nul: 'caption.nul',
  bom: 'caption.bom',
  crlf: 'caption.crlf',
  triggerMissing: 'caption.trigger-missing',
  triggerNotFirst: 'caption.trigger-not-first',
  realbodyMissing: 'caption.realbody-missing',
  realbodyOnCharacter: 'caption.realbody-on-character',
  placeholder: 'caption.placeholder',
  duplicateTags: 'caption.duplicate-tags',
  tooLong: 'caption.too-long',
  templateUnfilled: 'caption.template-unfilled',
  triggerOnly: 'caption.trigger-only',
  overTagged: 'caption.over-tagged',
} as const;

export interface CaptionInput {
  /** The image, relative to the dataset root. */
  image: string;
  /** Its caption file (relative), null when there is none. */
  caption: string | null;
  /** Raw bytes of the caption; null when missing. */
  bytes: Uint8Array | null;
  /** Set instead of bytes when the caption exists but could not be read. */
  readError?: string;
  /** What the caption's name holds when it is not a regular file (a named pipe, a device): never opened. */
  notRegular?: string;
  /** Kind of the folder the image is in: decides whether `realistic_body` belongs. */
  kind: FolderKind;
  /** The trigger word; null when unknown (trigger rules are then skipped). */
  trigger: string | null;
  /** Median tag count of captions in the same folder; null to skip the over-tagging rule. */
  medianTags: number | null;
  /** The model's text encoder and how many tokens it reads; CLIP's 75 when not given. */
  textEncoder?: TextEncoderWindow;
}

/** A tag count this far above the folder's median is "over-captioning" (guide §2.1). */
export function isOverTagged(tags: number, median: number): boolean {
  return median > 0 && tags >= 2 * median && tags - median >= 8;
}

export function checkCaption(input: CaptionInput): Finding[] {
  const { image, caption, kind, trigger } = input;
  const files = caption ? [image, caption] : [image];
  const out: Finding[] = [];
  const add = (rule: string, severity: Finding['severity'], message: string, fix: string, data?: Record<string, unknown>) =>
    out.push({ rule, severity, files, message, fix, ...(data ? { data } : {}) });

  if (input.notRegular) {
    add(CAPTION_RULES.notRegular, 'error', `not a regular file (${input.notRegular}): never opened`, `replace ${stemTxt(image)} with a text file (trigger first, then shot, pose, lighting)`);
    return out;
  }
  if (input.readError) {
    add(CAPTION_RULES.unreadable, 'error', `caption cannot be read (${input.readError})`, 'fix the file permissions so the trainer can read it');
    return out;
  }
  if (input.bytes === null) {
    // §4: a missing caption trains the image as the bare trigger word, silently.
    add(
      CAPTION_RULES.missing,
      'error',
      'no caption: ai-toolkit silently trains this image as the bare trigger word',
      `write ${stemTxt(image)} (trigger first, then shot, pose, clothing, setting); lorapilot captions create-missing writes the template to fill`,
    );
    return out;
  }
  const d = decodeCaption(input.bytes);
  if (d.encoding === 'utf-16le' || d.encoding === 'utf-16be') {
    add(
      CAPTION_RULES.utf16,
      'error',
      `caption is UTF-16 (${d.encoding === 'utf-16le' ? 'little' : 'big'}-endian): the trainer reads captions as UTF-8 and fails on it`,
      'lorapilot captions normalize converts it to UTF-8 (the same tags)',
    );
  } else if (d.invalidUtf8) {
    add(CAPTION_RULES.notUtf8, 'error', 'caption is not UTF-8 (the trainer reads captions as UTF-8 and fails or garbles them)', 'convert the file to UTF-8');
  }
  if (d.nul) {
    add(CAPTION_RULES.nul, 'error', 'caption holds NUL bytes: a binary file or a broken save, not text the trainer can use', 'rewrite the caption (lorapilot captions normalize drops the NUL bytes)');
  }
  if (d.bom) add(CAPTION_RULES.bom, 'warning', 'caption starts with a byte-order mark: it sticks to the first tag', 'save without BOM');
  if (d.crlf) add(CAPTION_RULES.crlf, 'warning', 'caption has Windows line endings (CR): the CR ends up inside a tag', 'convert line endings to LF');
  if (d.empty) {
    add(CAPTION_RULES.empty, 'error', 'caption is empty: ai-toolkit trains this image as the bare trigger word', 'write the caption (trigger first, then shot, pose, lighting)');
    return out;
  }

  const tags = parseTags(d.text);
  if (trigger) {
    const placeholder = tags.find((t) => PLACEHOLDERS.includes(t.trim().toLowerCase()));
    if (placeholder) {
      add(
        CAPTION_RULES.placeholder,
        'warning',
        `caption uses the placeholder ${placeholder}: replaced only when the config sets trigger_word`,
        `write ${trigger} instead of ${placeholder}`,
      );
    }
    if (!hasTag(tags, trigger)) {
      if (!placeholder) {
        add(CAPTION_RULES.triggerMissing, 'error', `trigger word ${trigger} missing`, `put ${trigger} first in the caption`);
      }
    } else if (tagKey(tags[0]) !== tagKey(trigger)) {
      add(CAPTION_RULES.triggerNotFirst, 'warning', `trigger word ${trigger} is not the first tag (first: "${clip(tags[0])}")`, `move ${trigger} to the front`);
    }
  }

  const slots = tags.filter(isTemplateSlot);
  if (slots.length > 0) {
    add(CAPTION_RULES.templateUnfilled, 'error', `caption still has the template's ${slots.map((t) => clip(t)).join(', ')}: ai-toolkit trains the brackets as written`, 'replace each [describe …] with what the image shows, or delete it', { slots });
  } else if (trigger && tags.every((t) => tagKey(t) === tagKey(trigger) || (kind === 'realbody' && tagKey(t) === tagKey(REALBODY_TAG)))) {
    add(CAPTION_RULES.triggerOnly, 'warning', `caption is only the trigger word: everything in the image (clothing, setting, lighting) is learned as part of ${trigger}`, `describe the shot, pose, clothing and setting after ${trigger}`);
  }

  const hasRealbody = hasTag(tags, REALBODY_TAG);
  if (kind === 'realbody' && !hasRealbody) {
    add(CAPTION_RULES.realbodyMissing, 'error', `real-body image without the ${REALBODY_TAG} tag: its body leaks into the character identity`, `add ${REALBODY_TAG} after the trigger`);
  }
  if (kind === 'character' && hasRealbody) {
    add(CAPTION_RULES.realbodyOnCharacter, 'warning', `character image tagged ${REALBODY_TAG}: it blurs the identity/body split`, `remove ${REALBODY_TAG} (or move the image to the real-body folder)`);
  }

  const dups = duplicateTags(tags);
  if (dups.length > 0) {
    add(CAPTION_RULES.duplicateTags, 'warning', `duplicate tags: ${dups.map((t) => `"${clip(t)}"`).join(', ')}`, 'remove the repeated tags', { duplicates: dups });
  }

  const tokens = estimateClipTokens(d.text);
  const window = input.textEncoder ?? CLIP_WINDOW;
  if (tokens > window.tokens) {
    add(
      CAPTION_RULES.tooLong,
      'warning',
      `caption is about ${tokens} tokens; the ${window.encoder} text encoder reads ${window.tokens}, the rest is cut`,
      'remove tags that describe the character itself; keep shot, pose, clothing, lighting',
      { tokens, window: window.tokens, encoder: window.encoder },
    );
  } else if (input.medianTags !== null && isOverTagged(tags.length, input.medianTags)) {
    add(
      CAPTION_RULES.overTagged,
      'warning',
      `${tags.length} tags, the folder's median is ${input.medianTags}: over-captioned (guide: don't over-caption)`,
      'remove tags that describe the character itself; keep shot, pose, clothing, lighting',
      { tags: tags.length, median: input.medianTags },
    );
  }
  return out;
}

function stemTxt(rel: string): string {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}.txt`;
}

/** A tag quoted in a message: from the file, so without its escape codes and on one line. */
function clip(s: string, n = 30): string {
  return truncate(oneLine(s), n);
}

/** Worst severity among findings, or 'ok': the per-image status the Captions step shows. */
export function captionStatus(findings: readonly Finding[]): 'error' | 'warning' | 'info' | 'ok' {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  if (findings.length > 0) return 'info';
  return 'ok';
}

/** Median of tag counts (for the over-tagging rule); null for no captions. */
export function medianOf(counts: readonly number[]): number | null {
  if (counts.length === 0) return null;
  const s = [...counts].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
}
