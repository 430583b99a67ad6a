import type { Key } from 'ink';
import { parseKey } from './parse-key.js';
import { pastedText, routeKey, type Layers } from './route.js';
import { splitInput, type InputEvent, type SplitState } from './split-keys.js';

const NO_KEY = parseKey('x').key;

/**
 * The one input dispatcher: every chunk is split into keys (and pasted texts), queued, and each is handled
 * in order against the layers current at that key. Between two keys it waits for `settle` (the render the
 * first key caused), so a key that switches mode is followed by a key that meets the new mode's table.
 */
export class KeyDispatcher {
  private split: SplitState = { paste: null };
  private queue: InputEvent[] = [];
  private draining = false;

  /**
   * @param settle resolves once the render a handled key caused has committed
   * @param screenReady resolves once a screen has registered its keys (a step still loading holds the keys
   *   typed after the one that opened it, instead of losing them)
   */
  constructor(
    private readonly layers: () => Layers,
    private readonly settle: () => Promise<void>,
    private readonly screenReady: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** A chunk of terminal input. */
  push(chunk: string): void {
    const r = splitInput(chunk, this.split);
    this.split = r.state;
    if (r.events.length === 0) return;
    this.queue.push(...r.events);
    if (!this.draining) void this.drain();
  }

  /** Keys still waiting (for tests and benchmarks). */
  get pending(): number {
    return this.queue.length + (this.draining ? 1 : 0);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let ev = this.queue.shift(); ev; ev = this.queue.shift()) {
        // A step still opening: its keys wait for it (Ctrl+C never waits).
        if (!this.layers().screen && !(ev.kind === 'key' && ev.seq === '\u0003')) await this.screenReady();
        // Only a key that reached a handler can have changed a mode; any key after it (in this chunk or
        // one that arrives meanwhile) waits for the render it caused.
        if (this.handle(ev)) await this.settle();
      }
    } finally {
      this.draining = false;
    }
  }

  private handle(ev: InputEvent): boolean {
    const layers = this.layers();
    if (ev.kind === 'paste') {
      const screen = layers.screen;
      if (layers.overlay || !screen?.textEntry) return false;
      const text = pastedText(ev.text);
      if (!text) return false;
      if (screen.onPaste) screen.onPaste(text);
      else screen.onOther?.(text, NO_KEY as Key);
      return true;
    }
    const press = parseKey(ev.seq);
    const route = routeKey(press, layers);
    if (!route) return false;
    try {
      if ('binding' in route) route.layer.handlers[route.binding.id]?.(press.input, press.key);
      else route.layer.onOther?.(press.input, press.key);
    } catch (e) {
      // A handler's bug must not stop the keys after it, nor leave the queue stuck.
      console.error(e);
    }
    return true;
  }
}
