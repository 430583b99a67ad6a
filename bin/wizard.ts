import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { StepId } from '../src/project/index.js';
import { packageRoot } from './package-root.js';

const ENTER_ALT = '\u001b[?1049h\u001b[H';
const LEAVE_ALT = '\u001b[?1049l';
// Bracketed paste: a pasted caption arrives as one text, not as keys (src/ui/input); off again on every way out.
const PASTE_ON = '\u001b[?2004h';
const PASTE_OFF = '\u001b[?2004l';
const SHOW_CURSOR = '\u001b[?25h';

type Launch = typeof import('../screens/launch.js');

/**
 * Ink, React and the app frame. `npm run build` bundles them into dist/wizard/<build>/launch.js, which opens
 * several times faster than the same modules one by one; the build follows React's own choice by NODE_ENV.
 * A run from source has no bundle beside it and loads the modules themselves.
 */
async function loadLaunch(): Promise<Launch> {
  const build = process.env.NODE_ENV === 'production' ? 'production' : 'development';
  const dist = join(packageRoot(), 'dist');
  const bundle = join(dist, 'wizard', build, 'launch.js');
  const built = !relative(dist, fileURLToPath(import.meta.url)).startsWith('..');
  if (built && existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as Launch;
  return import('../screens/launch.js');
}

/**
 * Open the wizard full-screen on the alternate screen and resolve when the user quits.
 * The terminal is restored on every way out: quit, Ctrl+C, a signal or a crash.
 * Ink, React and the screens load here, when the wizard opens, never for a command that prints text.
 */
export async function openWizard(opts: { dir: string; step?: StepId; params?: Record<string, unknown> }): Promise<number> {
  // React's development build keeps debugging data for every render (about 10 MB more on the demo);
  // it must be chosen before React loads.
  process.env.NODE_ENV ??= 'production';
  // V8 doubles its young generation up to 32 MB under the allocations of start-up and the first scans, and
  // keeps it for the life of the wizard, mostly empty (measured: 9 MB used of 32). A wizard allocates little
  // per frame: holding the young generation at its first size keeps ~25 MB off its resident memory.
  setFlagsFromString('--semi-space-growth-factor=1');
  const { render, createElement, App, scoreFacesOffMainThread } = await loadLaunch();
  scoreFacesOffMainThread();
  const out = process.stdout;
  out.write(ENTER_ALT + PASTE_ON);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    out.write(PASTE_OFF + SHOW_CURSOR + LEAVE_ALT);
  };
  const onSignal = () => {
    restore();
    process.exit(130);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.once('SIGINT', onSignal);
  process.once('exit', restore);
  try {
    const instance = render(createElement(App, { dir: opts.dir, initialStep: opts.step, initialParams: opts.params }), {
      exitOnCtrlC: false,
      patchConsole: true,
      maxFps: 20,
    });
    await instance.waitUntilExit();
    instance.cleanup();
  } finally {
    restore();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
  }
  return 0;
}
