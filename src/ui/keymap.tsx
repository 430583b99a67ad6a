import { createContext, useContext, useEffect, useId, useLayoutEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { useStdin } from 'ink';
import { KeyDispatcher } from './input/dispatcher.js';
import type { KeyHandler, KeyLayer, Layers } from './input/route.js';
import type { KeyBinding } from './keys.js';

export type { KeyHandler } from './input/route.js';

export interface PublishedKeymap {
  bindings: KeyBinding[];
  /** A text field has focus: single-letter global keys (q, ?, digits) go to the field. */
  textEntry: boolean;
  /** Title for the help overlay section. */
  title?: string;
}

type LayerKind = 'screen' | 'app' | 'overlay';

interface Entry {
  kind: LayerKind;
  order: number;
  layer: { current: KeyLayer };
}

interface KeymapRegistry {
  add(id: string, entry: Entry): void;
  remove(id: string): void;
  /** A screen's table changed: the footer and help follow. */
  changed(): void;
  nextOrder(): number;
}

const KeymapContext = createContext<KeymapRegistry | null>(null);
const TopKeymapContext = createContext<PublishedKeymap | null>(null);

function topOf(entries: Map<string, Entry>, kind: LayerKind): KeyLayer | null {
  let best: Entry | null = null;
  for (const e of entries.values()) if (e.kind === kind && (!best || e.order > best.order)) best = e;
  return best?.layer.current ?? null;
}

function published(layer: KeyLayer | null): PublishedKeymap | null {
  return layer ? { bindings: [...layer.bindings], textEntry: layer.textEntry, title: layer.title } : null;
}

function sameKeymap(a: PublishedKeymap | null, b: PublishedKeymap | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.textEntry === b.textEntry &&
    a.title === b.title &&
    a.bindings.length === b.bindings.length &&
    a.bindings.every((x, i) => x.id === b.bindings[i].id && x.label === b.bindings[i].label && x.enabled === b.bindings[i].enabled)
  );
}

/** Renders once per key that reached a handler; its commit tells the dispatcher the next key may go. */
function Barrier({ arm }: { arm: (bump: () => Promise<void>) => void }) {
  const [tick, setTick] = useState(0);
  const waiting = useRef<Array<() => void>>([]);
  useLayoutEffect(() => {
    arm(() => {
      const done = new Promise<void>((resolve) => waiting.current.push(resolve));
      setTick((t) => t + 1);
      return done;
    });
  }, [arm]);
  useLayoutEffect(() => {
    const w = waiting.current.splice(0);
    for (const resolve of w) resolve();
  }, [tick]);
  return null;
}

/**
 * The input layer: reads the terminal through Ink's stdin, splits each chunk into keys and dispatches them
 * one by one (KeyDispatcher) to the overlay, the screen on top, then the app. Screens, the app and the help
 * overlay register their tables here; the footer and help read the top screen's.
 */
export function KeymapProvider({ children }: { suspended?: boolean; children: ReactNode }) {
  const entries = useRef(new Map<string, Entry>()).current;
  const order = useRef(0);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const lastTop = useRef<PublishedKeymap | null>(null);
  const settleRef = useRef<(() => Promise<void>) | null>(null);
  const screenWaiters = useRef<Array<() => void>>([]);
  const arm = useMemo(() => (bump: () => Promise<void>) => void (settleRef.current = bump), []);

  const registry: KeymapRegistry = useMemo(
    () => ({
      add: (id, entry) => {
        entries.set(id, entry);
        if (entry.kind === 'screen') for (const resolve of screenWaiters.current.splice(0)) resolve();
        registry.changed();
      },
      remove: (id) => {
        if (entries.delete(id)) registry.changed();
      },
      changed: () => {
        const next = published(topOf(entries, 'screen'));
        if (sameKeymap(lastTop.current, next)) return;
        lastTop.current = next;
        rerender();
      },
      nextOrder: () => ++order.current,
    }),
    [entries],
  );

  const dispatcher = useMemo(
    () =>
      new KeyDispatcher(
        (): Layers => ({ overlay: topOf(entries, 'overlay'), screen: topOf(entries, 'screen'), app: topOf(entries, 'app') }),
        () => {
          const settle = settleRef.current;
          if (!settle) return Promise.resolve();
          // A render that never comes (the tree is gone) must not hold the keys after it.
          return Promise.race([settle(), new Promise<void>((r) => setTimeout(r, 200).unref?.())]);
        },
        // A step opening (lazy module, files to read) takes a moment; a step that never asks for keys, a few seconds.
        () => Promise.race([new Promise<void>((r) => screenWaiters.current.push(r)), new Promise<void>((r) => setTimeout(r, 5000).unref?.())]),
      ),
    [entries],
  );

  const { isRawModeSupported, setRawMode, internal_eventEmitter: events } = useStdin();
  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isRawModeSupported, setRawMode]);
  useEffect(() => {
    const onInput = (data: string) => dispatcher.push(data);
    events.on('input', onInput);
    return () => void events.off('input', onInput);
  }, [events, dispatcher]);

  return (
    <KeymapContext.Provider value={registry}>
      <TopKeymapContext.Provider value={lastTop.current}>
        {children}
        <Barrier arm={arm} />
      </TopKeymapContext.Provider>
    </KeymapContext.Provider>
  );
}

/** The keymap shown in the footer and help overlay. */
export function useTopKeymap(): PublishedKeymap | null {
  return useContext(TopKeymapContext);
}

export interface ScreenKeysOptions {
  isActive?: boolean;
  textEntry?: boolean;
  title?: string;
  /** Keys no binding matched (e.g. typing into a field). */
  onOther?: KeyHandler;
  /** A bracketed paste into the focused field; default: onOther with the whole text. */
  onPaste?: (text: string) => void;
}

/**
 * Register a table of keys: the dispatcher matches each key against the table of the latest render (the
 * table is read at the key, not captured), and the top screen's table drives the footer and help.
 */
function useKeyLayer(kind: LayerKind, bindings: readonly KeyBinding[], handlers: Record<string, KeyHandler>, options: ScreenKeysOptions) {
  const registry = useContext(KeymapContext);
  const id = useId();
  const active = options.isActive ?? true;
  const layer = useRef<KeyLayer>(null as unknown as KeyLayer);
  layer.current = { bindings, handlers, textEntry: options.textEntry ?? false, onOther: options.onOther, onPaste: options.onPaste, title: options.title };
  useLayoutEffect(() => {
    if (!registry || !active) return;
    registry.add(id, { kind, order: registry.nextOrder(), layer });
    return () => registry.remove(id);
  }, [registry, id, active, kind]);
  // The footer follows a changed table in the same commit.
  useLayoutEffect(() => {
    if (active && kind === 'screen') registry?.changed();
  });
}

/** A screen's keys (one table per screen and mode). */
export function useScreenKeys(bindings: KeyBinding[], handlers: Record<string, KeyHandler>, options: ScreenKeysOptions = {}) {
  useKeyLayer('screen', bindings, handlers, options);
}

/** The app's own keys (help, steps, quit): reached when the screen does not use the key. */
export function useAppKeys(bindings: readonly KeyBinding[], handlers: Record<string, KeyHandler>) {
  useKeyLayer('app', bindings, handlers, {});
}

/** An overlay that owns the keyboard while open (help). */
export function useOverlayKeys(bindings: readonly KeyBinding[], handlers: Record<string, KeyHandler>, isActive: boolean) {
  useKeyLayer('overlay', bindings, handlers, { isActive });
}
