import type { Key } from 'ink';
import { findBinding, type KeyBinding } from '../keys.js';
import type { KeyPress } from './parse-key.js';

export type KeyHandler = (input: string, key: Key) => void;

/** What one screen (or the app, or an overlay) answers to right now: the one table dispatch, footer and help read. */
export interface KeyLayer {
  bindings: readonly KeyBinding[];
  handlers: Readonly<Record<string, KeyHandler | undefined>>;
  /** A text field has focus: letters, digits, `q` and `?` are typed, not app keys. */
  textEntry: boolean;
  /** Keys no binding matched (typing into a field). */
  onOther?: KeyHandler;
  /** A bracketed paste while the field has focus; without it the text goes to onOther as one input. */
  onPaste?: (text: string) => void;
  title?: string;
}

/** The layers a key can reach: an overlay (help) owns every key; otherwise the screen, then the app. */
export interface Layers {
  overlay: KeyLayer | null;
  screen: KeyLayer | null;
  app: KeyLayer | null;
}

export type Route =
  | { layer: KeyLayer; binding: KeyBinding }
  | { layer: KeyLayer; other: true }
  | null;

const isCtrlC = (p: KeyPress) => p.key.ctrl && p.input === 'c';

/** Which handler a key reaches, against the layers current at that key. Ctrl+C always reaches the app. */
export function routeKey(press: KeyPress, layers: Layers): Route {
  const { input, key } = press;
  const app = layers.app;
  if (isCtrlC(press) && app) {
    const b = findBinding(app.bindings, input, key);
    if (b) return { layer: app, binding: b };
  }
  if (layers.overlay) {
    const b = findBinding(layers.overlay.bindings, input, key);
    return b ? { layer: layers.overlay, binding: b } : null;
  }
  const screen = layers.screen;
  if (screen) {
    const b = findBinding(screen.bindings, input, key);
    if (b) return { layer: screen, binding: b };
    if (screen.textEntry) return screen.onOther ? { layer: screen, other: true } : null;
  }
  if (app) {
    const b = findBinding(app.bindings, input, key);
    if (b) return { layer: app, binding: b };
  }
  return screen?.onOther ? { layer: screen, other: true } : null;
}

/** Pasted text as one line of typing: line breaks and tabs become spaces, other control characters go. */
export function pastedText(text: string): string {
  return text
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
