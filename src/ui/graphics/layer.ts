import type { ImageMode } from './detect.js';
import { kittyDelete, kittyHide } from './kitty.js';

/**
 * Native images drawn over Ink's frame. Ink erases and rewrites its lines on every frame, which
 * wipes sixel and iTerm2 images and would leave a moved kitty image behind; so after each frame Ink
 * writes, every image is drawn again at its pane's absolute cell (cursor saved and restored around
 * it, so Ink's idea of the cursor holds). Kitty images are replaced in place by id, and deleted by id
 * when their pane goes away or the app exits.
 */
export interface Cell {
  row: number;
  col: number;
}

export interface Placement {
  id: number;
  /** Where the image's top-left cell is now (0-based), or null while it is not laid out. */
  locate: () => Cell | null;
  /** The full escape the first time; after that `redraw` when given (kitty: placement only). */
  draw: (id: number) => string;
  redraw?: (id: number) => string;
}

// the stream's write, whatever its overload: the extra arguments are passed through untouched
type Write = (chunk: string | Uint8Array, ...rest: never[]) => boolean;
export interface Stream {
  write: Write;
}

export class GraphicsLayer {
  private readonly placements = new Map<number, Placement>();
  private readonly original: Write;
  private readonly drawn = new Set<number>();
  private scheduled = false;
  private hidden = false;
  private ownWrite = false;

  constructor(
    private readonly stream: Stream,
    readonly mode: Exclude<ImageMode, 'blocks'>,
  ) {
    this.original = stream.write.bind(stream) as Write;
    const self = this;
    stream.write = function (chunk: string | Uint8Array, ...rest: never[]) {
      const r = self.original(chunk, ...rest);
      if (!self.ownWrite && self.placements.size > 0) self.schedule();
      return r;
    } as Write;
  }

  place(p: Placement): void {
    this.placements.set(p.id, p);
    this.schedule();
  }

  remove(id: number): void {
    this.drawn.delete(id);
    if (!this.placements.delete(id)) return;
    if (this.mode === 'kitty') this.emit(kittyDelete(id));
  }

  /** Every kitty image gone and the stream's write given back (on exit). */
  dispose(): void {
    for (const id of [...this.placements.keys()]) this.remove(id);
    this.stream.write = this.original;
  }

  /**
   * Hide every image while something is drawn over the panes (the help overlay), and bring them
   * back after: kitty placements are deleted with their data kept; the others are simply not redrawn.
   */
  setHidden(hidden: boolean): void {
    if (hidden === this.hidden) return;
    this.hidden = hidden;
    if (hidden && this.mode === 'kitty') this.emit([...this.drawn].map((id) => kittyHide(id)).join(''));
    if (!hidden) this.schedule();
  }

  /** Draw every placement now (after Ink's frame has been written). */
  flush(): void {
    this.scheduled = false;
    if (this.hidden) return;
    let out = '';
    for (const p of this.placements.values()) {
      const at = p.locate();
      if (!at) continue;
      const bytes = this.drawn.has(p.id) && p.redraw ? p.redraw(p.id) : p.draw(p.id);
      this.drawn.add(p.id);
      out += `\u001b7\u001b[${at.row + 1};${at.col + 1}H${bytes}\u001b8`;
    }
    if (out) this.emit(out);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Ink writes a frame in one call: drawing after the current task puts the images over it
    setImmediate(() => this.flush());
  }

  private emit(s: string): void {
    this.ownWrite = true;
    try {
      this.original(s);
    } finally {
      this.ownWrite = false;
    }
  }
}

const layers = new Set<GraphicsLayer>();
const byStream = new WeakMap<object, GraphicsLayer>();
let allHidden = false;

/** Hide or show the images of every layer (an overlay opens or closes). */
export function setImagesHidden(hidden: boolean): void {
  allHidden = hidden;
  for (const l of layers) l.setHidden(hidden);
}
let nextId = 1;

/** The one layer of a stream (created on first use; disposed when the process exits). */
export function layerFor(stream: Stream, mode: Exclude<ImageMode, 'blocks'>): GraphicsLayer {
  let l = byStream.get(stream);
  if (!l) {
    const layer = new GraphicsLayer(stream, mode);
    byStream.set(stream, layer);
    layers.add(layer);
    layer.setHidden(allHidden);
    process.once('exit', () => layer.dispose());
    l = layer;
  }
  return l;
}

/** A fresh image id (kitty ids are 32-bit and non-zero). */
export function newImageId(): number {
  nextId = (nextId % 0xfffffff) + 1;
  return nextId;
}
