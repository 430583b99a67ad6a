import { render } from 'ink-testing-library';
import { useState, type ReactElement } from 'react';
import { AppContext, type AppContextValue } from '../../screens/app-context.js';
import type { Project, StepId } from '../../src/project/index.js';
import { KeymapProvider, useTopKeymap } from '../../src/ui/keymap.js';
import { waitFor } from './wait.js';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
  tab: '\t',
  backspace: '\u007F',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  ctrlC: '\u0003',
} as const;

export interface ScreenHarness {
  lastFrame(): string;
  frames: string[];
  write(keys: string): Promise<void>;
  waitForText(text: string | RegExp, timeout?: number): Promise<string>;
  navigations: Array<{ step: StepId; params: Record<string, unknown> }>;
  notifications: Array<{ message: string; tone?: string }>;
  /** The footer keymap the screen published. */
  keymap(): ReturnType<typeof useTopKeymap>;
  unmount(): void;
}

/**
 * Render one screen inside the app's providers, with a fake navigate/notify that records calls.
 * Keys are written one tick apart so useInput handlers see fresh closures.
 */
export function renderScreen(
  element: ReactElement,
  opts: { dir: string; project: Project | null; width?: number; height?: number; params?: Record<string, unknown>; reloadProject?: () => Promise<void> },
): ScreenHarness {
  const navigations: ScreenHarness['navigations'] = [];
  const notifications: ScreenHarness['notifications'] = [];
  let keymapRef: ReturnType<typeof useTopKeymap> = null;
  function KeymapProbe() {
    keymapRef = useTopKeymap();
    return null;
  }
  function Host() {
    const [project, setProject] = useState(opts.project);
    const ctx: AppContextValue = {
      dir: opts.dir,
      project,
      projectProblems: [],
      reloadProject: async () => {
        await opts.reloadProject?.();
        const { loadProject } = await import('../../src/project/index.js');
        const r = await loadProject(opts.dir);
        if (r.ok) setProject(r.project);
      },
      navigate: (step, params = {}) => navigations.push({ step, params }),
      params: opts.params ?? {},
      width: opts.width ?? 100,
      height: opts.height ?? 30,
      notify: (message, tone) => notifications.push({ message, tone }),
    };
    return (
      <AppContext.Provider value={ctx}>
        <KeymapProvider suspended={false}>
          {element}
          <KeymapProbe />
        </KeymapProvider>
      </AppContext.Provider>
    );
  }
  const r = render(<Host />);
  const harness: ScreenHarness = {
    lastFrame: () => r.lastFrame() ?? '',
    frames: r.frames,
    async write(keys) {
      await new Promise((res) => setTimeout(res, 30));
      r.stdin.write(keys);
      await new Promise((res) => setTimeout(res, 30));
    },
    async waitForText(text, timeout = 10_000) {
      return waitFor(
        () => {
          const f = r.lastFrame() ?? '';
          return (typeof text === 'string' ? f.includes(text) : text.test(f)) ? f : '';
        },
        { timeout, describe: () => r.lastFrame() ?? '' },
      );
    },
    navigations,
    notifications,
    keymap: () => keymapRef,
    unmount: () => r.unmount(),
  };
  return harness;
}
