import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';
import { findBinding, type KeyBinding } from './keys.js';

export interface PublishedKeymap {
  bindings: KeyBinding[];
  /** A text field has focus: single-letter global keys (q, ?, digits) go to the field. */
  textEntry: boolean;
  /** Title for the help overlay section. */
  title?: string;
}

interface KeymapRegistry {
  publish(id: string, keymap: PublishedKeymap | null): void;
  /** True while the help overlay (or another app-level modal) owns the keyboard. */
  suspended: boolean;
}

const KeymapContext = createContext<KeymapRegistry | null>(null);
const TopKeymapContext = createContext<PublishedKeymap | null>(null);

/** Holds the keymaps screens publish; the most recently activated one is "on top" (footer, help). */
export function KeymapProvider({ suspended, children }: { suspended: boolean; children: ReactNode }) {
  const [stack, setStack] = useState<Array<{ id: string; keymap: PublishedKeymap }>>([]);
  const publish = useCallback((id: string, keymap: PublishedKeymap | null) => {
    setStack((s) => {
      const rest = s.filter((e) => e.id !== id);
      if (!keymap) return rest.length === s.length ? s : rest;
      const existing = s.find((e) => e.id === id);
      if (existing && sameKeymap(existing.keymap, keymap)) return s;
      // Keep position when only the content changed; a newly active keymap goes on top.
      if (existing) return s.map((e) => (e.id === id ? { id, keymap } : e));
      return [...rest, { id, keymap }];
    });
  }, []);
  const registry = useMemo(() => ({ publish, suspended }), [publish, suspended]);
  const top = stack.length > 0 ? stack[stack.length - 1].keymap : null;
  return (
    <KeymapContext.Provider value={registry}>
      <TopKeymapContext.Provider value={top}>{children}</TopKeymapContext.Provider>
    </KeymapContext.Provider>
  );
}

function sameKeymap(a: PublishedKeymap, b: PublishedKeymap): boolean {
  return (
    a.textEntry === b.textEntry &&
    a.title === b.title &&
    a.bindings.length === b.bindings.length &&
    a.bindings.every((x, i) => x.id === b.bindings[i].id && x.label === b.bindings[i].label && x.enabled === b.bindings[i].enabled)
  );
}

/** The keymap shown in the footer and help overlay. */
export function useTopKeymap(): PublishedKeymap | null {
  return useContext(TopKeymapContext);
}

export type KeyHandler = (input: string, key: Key) => void;

export interface ScreenKeysOptions {
  isActive?: boolean;
  textEntry?: boolean;
  title?: string;
  /** Keys no binding matched (e.g. typing into a field). */
  onOther?: KeyHandler;
}

/**
 * Bind a screen's registry: matches keys to handlers by binding id and publishes the bindings
 * for the footer and help. Inactive while the help overlay is open or when `isActive` is false.
 */
export function useScreenKeys(bindings: KeyBinding[], handlers: Record<string, KeyHandler>, options: ScreenKeysOptions = {}) {
  const registry = useContext(KeymapContext);
  const id = useId();
  const active = (options.isActive ?? true) && !(registry?.suspended ?? false);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const otherRef = useRef(options.onOther);
  otherRef.current = options.onOther;

  useInput(
    (input, key) => {
      const b = findBinding(bindings, input, key);
      if (b) handlersRef.current[b.id]?.(input, key);
      else otherRef.current?.(input, key);
    },
    { isActive: active },
  );

  const textEntry = options.textEntry ?? false;
  const title = options.title;
  const visible = options.isActive ?? true;
  useEffect(() => {
    if (!registry) return;
    registry.publish(id, visible ? { bindings, textEntry, title } : null);
  }, [registry, id, visible, bindings, textEntry, title]);
  useEffect(() => () => registry?.publish(id, null), [registry, id]);
}
