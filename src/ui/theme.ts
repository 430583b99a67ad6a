/**
 * Semantic colour tokens. Screens and components never name a colour; they name a role.
 * NO_COLOR (https://no-color.org) turns every token off; emphasis then comes from bold/dim and glyphs.
 */
export interface Theme {
  noColor: boolean;
  text: { primary?: string; secondary?: string; accent?: string; muted?: string };
  status: { error?: string; warning?: string; success?: string; info?: string };
  border: { default?: string; focused?: string };
  selection: { fg?: string; bg?: string };
  chart: { raw?: string; smooth?: string; mark?: string; axis?: string };
  step: { done?: string; attention?: string; todo?: string; current?: string };
}

const colorful: Theme = {
  noColor: false,
  text: { primary: undefined, secondary: 'gray', accent: 'cyan', muted: 'gray' },
  status: { error: 'red', warning: 'yellow', success: 'green', info: 'blue' },
  border: { default: 'gray', focused: 'cyan' },
  selection: { fg: 'black', bg: 'cyan' },
  chart: { raw: 'gray', smooth: 'cyanBright', mark: 'yellow', axis: 'gray' },
  step: { done: 'green', attention: 'yellow', todo: 'gray', current: 'cyan' },
};

const plain: Theme = {
  noColor: true,
  text: {},
  status: {},
  border: {},
  selection: {},
  chart: {},
  step: {},
};

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? plain : colorful;
}

export const theme: Theme = themeFor();

export { glyph, type Severity } from '../text/glyphs.js';
import type { Severity } from '../text/glyphs.js';

export function severityColor(s: Severity | 'success'): string | undefined {
  if (s === 'error') return theme.status.error;
  if (s === 'warning') return theme.status.warning;
  if (s === 'success') return theme.status.success;
  return theme.status.info;
}
