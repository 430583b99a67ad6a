import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GraphicsLayer } from '../../../../src/ui/graphics/layer.js';

function sink() {
  const stream = new PassThrough();
  const out: string[] = [];
  stream.on('data', (d: Buffer) => out.push(d.toString()));
  return { stream, text: () => out.join('') };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('graphics layer', () => {
  it("draws an image after each frame at its cell, the cursor kept, and deletes it by id", async () => {
    const { stream, text } = sink();
    const layer = new GraphicsLayer(stream, 'kitty');
    let at = { row: 2, col: 4 };
    layer.place({ id: 9, locate: () => at, draw: () => '<IMAGE>', redraw: () => '<PLACE>' });
    await tick();
    expect(text()).toBe('\u001b7\u001b[3;5H<IMAGE>\u001b8');
    // Ink writes a frame: the image goes back over it, moved with its pane, without its data again
    at = { row: 5, col: 1 };
    stream.write('FRAME');
    await tick();
    expect(text()).toBe('\u001b7\u001b[3;5H<IMAGE>\u001b8FRAME\u001b7\u001b[6;2H<PLACE>\u001b8');
    layer.remove(9);
    expect(text().endsWith('\u001b_Ga=d,d=I,i=9,q=2\u001b\\')).toBe(true);
    stream.write('FRAME2');
    await tick();
    expect(text().endsWith('FRAME2')).toBe(true);
    layer.dispose();
  });

  it('hides the images while an overlay is open and places them again after', async () => {
    const { stream, text } = sink();
    const layer = new GraphicsLayer(stream, 'kitty');
    layer.place({ id: 3, locate: () => ({ row: 0, col: 0 }), draw: () => '<IMAGE>', redraw: () => '<PLACE>' });
    await tick();
    layer.setHidden(true);
    expect(text().endsWith('\u001b_Ga=d,d=i,i=3,q=2\u001b\\')).toBe(true);
    stream.write('HELP');
    await tick();
    expect(text().endsWith('HELP')).toBe(true);
    layer.setHidden(false);
    await tick();
    expect(text().endsWith('\u001b7\u001b[1;1H<PLACE>\u001b8')).toBe(true);
    layer.dispose();
  });
});
