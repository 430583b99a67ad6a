import { describe, expect, it } from 'vitest';
import { utf8Stream } from '../../../src/text/utf8-stream.js';

function collect(chunks: Buffer[]): string {
  let out = '';
  const s = utf8Stream((t) => (out += t));
  for (const c of chunks) s.write(c);
  s.end();
  return out;
}

describe('utf8Stream', () => {
  it('keeps a character split across two chunks whole', () => {
    const bytes = Buffer.from('Collecting café ✓ 🎉 done\n', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of é
    expect(collect([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe('Collecting café ✓ 🎉 done\n');
  });

  it('keeps every character whole whatever the chunk size', () => {
    const text = 'résumé ✓ 🎉 ü\n';
    const bytes = Buffer.from(text, 'utf8');
    const oneByte = Array.from(bytes, (b) => Buffer.from([b]));
    expect(collect(oneByte)).toBe(text);
    // Decoding each chunk on its own is what garbles it.
    expect(oneByte.map((b) => b.toString('utf8')).join('')).not.toBe(text);
  });

  it('ends an unfinished character with one replacement character', () => {
    const bytes = Buffer.from('a🎉', 'utf8');
    expect(collect([bytes.subarray(0, 3)])).toBe('a\uFFFD');
  });
});
