import { duplicateTags, estimateClipTokens, parseTags, tagKey, type DecodedCaption } from './caption.js';
import type { FolderKind } from '../dataset/scan.js';

/**
 * Per-image caption status for the Captions screen and the step summary. The dataset rules
 * (`lorapilot check`) are the authority on findings; this is the quick per-caption view the
 * screen refreshes after every edit.
 */
export type CaptionProblemKind =
  | 'missing'
  | 'empty'
  | 'unreadable'
  | 'no-trigger'
  | 'trigger-not-first'
  | 'no-realistic-body'
  | 'duplicates'
  | 'encoding'
  | 'too-long';

export interface CaptionProblem {
  kind: CaptionProblemKind;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** CLIP reads 75 tokens; past that, the end of a caption is cut off. */
export const CLIP_TOKEN_LIMIT = 75;

export function captionProblems(decoded: DecodedCaption | null, folderKind: FolderKind, trigger: string, readError?: string): CaptionProblem[] {
  if (readError) return [{ kind: 'unreadable', severity: 'error', message: readError }];
  if (!decoded) return [{ kind: 'missing', severity: 'error', message: 'no caption: ai-toolkit trains it with the trigger word alone' }];
  if (decoded.empty) return [{ kind: 'empty', severity: 'error', message: 'empty caption' }];
  const out: CaptionProblem[] = [];
  const tags = parseTags(decoded.text);
  const k = tagKey(trigger);
  const at = tags.findIndex((t) => tagKey(t) === k || t.trim().toLowerCase() === '[trigger]');
  if (at < 0) out.push({ kind: 'no-trigger', severity: 'error', message: `trigger word '${trigger}' missing` });
  else if (at > 0) out.push({ kind: 'trigger-not-first', severity: 'warning', message: `trigger word is tag ${at + 1}, not first` });
  if (folderKind === 'realbody' && !tags.some((t) => tagKey(t) === 'realistic body')) {
    out.push({ kind: 'no-realistic-body', severity: 'error', message: 'real-body image without realistic_body' });
  }
  const dups = duplicateTags(tags);
  if (dups.length) out.push({ kind: 'duplicates', severity: 'warning', message: `duplicate tags: ${dups.join(', ')}` });
  const enc = [decoded.invalidUtf8 && 'not UTF-8', decoded.bom && 'BOM', decoded.crlf && 'CRLF line ends'].filter(Boolean);
  if (enc.length) out.push({ kind: 'encoding', severity: 'warning', message: enc.join(', ') });
  const tokens = estimateClipTokens(decoded.text);
  if (tokens > CLIP_TOKEN_LIMIT) out.push({ kind: 'too-long', severity: 'warning', message: `about ${tokens} tokens; CLIP reads ${CLIP_TOKEN_LIMIT}` });
  return out;
}
