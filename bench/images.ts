/**
 * One sample image (the rehearsal trainer's 1024² JPEG) encoded for each way of drawing it, at a
 * thumbnail pane and a full-screen view: time per encode (cache off: a fresh file name each round)
 * the longest the event loop was held during it (what a key press waits for), and the bytes written
 * to the terminal, which is what a frame costs over SSH.
 *   node --import tsx bench/images.ts
 */
import chalk from 'chalk';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { encodeImage } from '../src/ui/graphics/encode.js';
import { renderImage } from '../src/ui/image-render.js';
import { runIfMain } from './_main.js';

const SOURCE = join(import.meta.dirname, '../rehearsal/ai-toolkit/assets/sample-00.jpg');

export async function main(): Promise<void> {
  // half blocks as a colour terminal gets them (piped, chalk would drop the colours)
  chalk.level = 3;
  const dir = await mkdtemp(join(tmpdir(), 'lorapilot-bench-img-'));
  let n = 0;
  const fresh = async () => {
    const f = join(dir, `s${n++}.jpg`);
    await copyFile(SOURCE, f);
    return f;
  };
  try {
    for (const [cols, rows, label] of [
      [22, 15, 'thumbnail 22×15'],
      [116, 34, 'full screen 116×34'],
    ] as const) {
      for (const mode of ['blocks', 'kitty', 'iterm', 'sixel'] as const) {
        const rounds = 8;
        let bytes = 0;
        const stall = monitorEventLoopDelay({ resolution: 5 });
        stall.enable();
        const t = performance.now();
        for (let i = 0; i < rounds; i++) {
          const f = await fresh();
          if (mode === 'blocks') {
            const r = await renderImage(f, cols, rows);
            bytes = r.ok ? Buffer.byteLength(r.text) : 0;
          } else bytes = Buffer.byteLength((await encodeImage(f, mode, cols, rows)).draw(1));
        }
        const per = (performance.now() - t) / rounds;
        stall.disable();
        const held = stall.max / 1e6;
        console.log(`  ${label.padEnd(19)} ${mode.padEnd(6)} ${per.toFixed(1).padStart(6)} ms/encode  loop held ≤ ${held.toFixed(0).padStart(4)} ms  ${(bytes / 1024).toFixed(1).padStart(7)} KB to the terminal`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
