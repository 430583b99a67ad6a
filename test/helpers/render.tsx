import { render } from 'ink-testing-library';
import { useState, type ReactElement } from 'react';
import { AppContext, type AppContextValue } from '../../screens/app-context.js';
import type { Project, StepId } from '../../src/project/index.js';
import { KeymapProvider, useTopKeymap } from '../../src/ui/keymap.js';
import { keySequence } from './key-sequence.js';
import { reactIdle } from './react-idle.js';
import { waitFor } from './wait.js';

export { KEY } from './key-sequence.js';

export interface ScreenHarness {
  lastFrame(): string;
  frames: string[];
  /** Write raw input; resolves once it is handled and everything it caused synchronously has rendered. */
  write(keys: string): Promise<void>;
  /** Press the first key of a binding the screen publishes (by id); resolves with the frame after it. */
  press(bindingId: string): Promise<string>;
  waitForText(text: string | RegExp, timeout?: number): Promise<string>;
  navigations: Array<{ step: StepId; params: Record<string, unknown> }>;
  /** Selections the screen reported for resuming, in order. */
  remembered: string[];
  notifications: Array<{ message: string; tone?: string }>;
  /** The footer keymap the screen published. */
  keymap(): ReturnType<typeof useTopKeymap>;
  unmount(): void;
}

/** Render one screen inside the app's providers, with a fake navigate/notify that records calls. */
export function renderScreen(
  element: ReactElement,
  opts: { dir: string; project: Project | null; width?: number; height?: number; params?: Record<string, unknown>; reloadProject?: () => Promise<void>; resumeSelection?: string },
): ScreenHarness {
  const navigations: ScreenHarness['navigations'] = [];
  const notifications: ScreenHarness['notifications'] = [];
  const remembered: string[] = [];
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
      resumeSelection: opts.resumeSelection,
      remember: (selection) => remembered.push(selection),
    };
    return (
      <AppContext.Provider value={ctx}>
        <KeymapProvider>
          {element}
          <KeymapProbe />
        </KeymapProvider>
      </AppContext.Provider>
    );
  }
  const r = render(<Host />);
  const settled = () => reactIdle(() => r.frames.length);
  // Settle first too: the key must meet the handlers (and keymap) of the latest render, as a person's would.
  const write = async (keys: string) => {
    await settled();
    r.stdin.write(keys);
    await settled();
  };
  const harness: ScreenHarness = {
    lastFrame: () => r.lastFrame() ?? '',
    frames: r.frames,
    write,
    async press(bindingId) {
      await settled(); // the keymap of the latest render is published by an effect
      const bindings = keymapRef?.bindings ?? [];
      const binding = bindings.find((b) => b.id === bindingId);
      if (!binding) throw new Error(`the screen publishes no binding "${bindingId}" (it has: ${bindings.map((b) => b.id).join(', ')})`);
      if (binding.enabled === false) throw new Error(`binding "${bindingId}" is disabled on this screen`);
      await write(keySequence(binding.keys[0]));
      return r.lastFrame() ?? '';
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
    remembered,
    notifications,
    keymap: () => keymapRef,
    unmount: () => r.unmount(),
  };
  return harness;
}
