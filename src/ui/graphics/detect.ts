/**
 * Which way this terminal can show real images: the kitty graphics protocol, iTerm2 inline images,
 * sixel, or none (half blocks). Read from the environment only: a DA1 query would have to read the
 * reply from the same input the key dispatcher owns, so it is not sent. An explicit choice wins:
 * LORAPILOT_IMAGES, then `ui.images` in lorapilot.yaml.
 */
export const IMAGE_MODES = ['kitty', 'iterm', 'sixel', 'blocks'] as const;
export type ImageMode = (typeof IMAGE_MODES)[number];
export type ImageSetting = ImageMode | 'auto';

type Env = Record<string, string | undefined>;

function asSetting(v: string | undefined): ImageSetting | null {
  const s = v?.trim().toLowerCase();
  if (s === 'auto') return 'auto';
  if (s === 'iterm2') return 'iterm';
  return (IMAGE_MODES as readonly string[]).includes(s ?? '') ? (s as ImageMode) : null;
}

/** What the environment says the terminal supports (no override). */
export function sniffImageMode(env: Env): ImageMode {
  // inside tmux or screen, escapes reach the outer terminal only through passthrough: not relied on
  if (env.TMUX || env.TERM?.startsWith('screen') || env.TERM?.startsWith('tmux')) return 'blocks';
  const term = env.TERM ?? '';
  const program = env.TERM_PROGRAM ?? '';
  if (env.KITTY_WINDOW_ID || term === 'xterm-kitty' || program === 'ghostty' || term === 'xterm-ghostty') return 'kitty';
  if (program === 'iTerm.app' || env.LC_TERMINAL === 'iTerm2' || program === 'WezTerm') return 'iterm';
  if (/sixel/.test(term) || term === 'foot' || term.startsWith('foot-') || term === 'mlterm' || term === 'yaft-256color') return 'sixel';
  return 'blocks';
}

/**
 * The mode to draw with. Without a terminal (piped, CI, tests) it is always half blocks unless a
 * mode is named explicitly.
 */
export function imageMode(env: Env, setting: ImageSetting | undefined, isTTY: boolean): ImageMode {
  const chosen = asSetting(env.LORAPILOT_IMAGES) ?? setting ?? 'auto';
  if (chosen !== 'auto') return chosen;
  if (!isTTY || env.CI === 'true' || env.VITEST) return 'blocks';
  return sniffImageMode(env);
}
