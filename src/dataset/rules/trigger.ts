import type { Finding } from '../finding.js';
import { isCommonEnglishWord } from './english-words.js';

/** Guide §3.2: the trigger must be unique, not in the base model's vocabulary. */
export const MIN_TRIGGER_LENGTH = 4;

export function triggerFindings(trigger: string | null, source: TriggerSource): Finding[] {
  if (!trigger) {
    return [
      {
        rule: 'trigger.unknown',
        severity: 'warning',
        files: [],
        message: 'no trigger word known, so caption trigger checks were skipped',
        fix: 'pass --trigger WORD, or run the check inside a project (lorapilot.yaml)',
      },
    ];
  }
  const out: Finding[] = [];
  if (source === 'inferred') {
    out.push({
      rule: 'trigger.inferred',
      severity: 'info',
      files: [],
      message: `trigger word taken from the captions: ${trigger}`,
      fix: 'pass --trigger WORD to check against the word the config will use',
    });
  }
  const parts = trigger.toLowerCase().split(/[\s_-]+/).filter(Boolean);
  if (isCommonEnglishWord(trigger) || (parts.length === 1 && isCommonEnglishWord(parts[0]))) {
    out.push({
      rule: 'trigger.common-word',
      severity: 'warning',
      files: [],
      message: `trigger "${trigger}" is an ordinary English word: the base model already has a meaning for it`,
      fix: 'use a made-up token, e.g. the name plus a suffix (maya_char, ohwx_maya)',
    });
  }
  if (trigger.length < MIN_TRIGGER_LENGTH) {
    out.push({
      rule: 'trigger.too-short',
      severity: 'warning',
      files: [],
      message: `trigger "${trigger}" is shorter than ${MIN_TRIGGER_LENGTH} characters: short tokens collide with existing ones`,
      fix: 'use a longer, unique token (maya_char)',
    });
  }
  return out;
}

export type TriggerSource = 'option' | 'project' | 'inferred' | 'none';
