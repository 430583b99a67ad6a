import { describe, expect, it } from 'vitest';
import { NAME_MAX, nameOfTemp, tempName, tempPath } from '../../../src/fs/temp-name.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('temporary names', () => {
  it('is name.part whenever that fits', () => {
    expect(tempName('a.jpg')).toBe('a.jpg.part');
    expect(tempPath('10_maya/a b.jpg')).toBe('10_maya/a b.jpg.part');
    expect(tempPath('/pod/ds/x\\..\\y.txt')).toBe('/pod/ds/x\\..\\y.txt.part');
  });

  it('always fits NAME_MAX bytes, never splits a character, and keeps long names apart', () => {
    const ascii = 'a'.repeat(251) + '.jpg';
    const multi = 'ж'.repeat(125) + '.jpg'; // 254 bytes in UTF-8
    const emoji = '😀'.repeat(62) + '.png'; // 252 bytes
    for (const n of [ascii, multi, emoji]) {
      expect(bytes(n)).toBeLessThanOrEqual(NAME_MAX);
      const t = tempName(n);
      expect(bytes(t)).toBeLessThanOrEqual(NAME_MAX);
      expect(t.endsWith('.part')).toBe(true);
      expect(Buffer.from(t, 'utf8').toString('utf8')).toBe(t);
      expect(t).not.toContain('\uFFFD');
      expect(bytes(tempName(n, '.part.json'))).toBeLessThanOrEqual(NAME_MAX);
    }
    const other = 'a'.repeat(251) + '.png';
    expect(tempName(other)).not.toBe(tempName(ascii));
    expect(tempName(ascii)).toBe(tempName(ascii));
    expect(tempPath(`dir/${ascii}`)).toBe(`dir/${tempName(ascii)}`);
  });

  it('maps a temporary name back to its name: by itself for name.part, through the known names when shortened', () => {
    const long = 'k'.repeat(233) + '_000000500.safetensors';
    const short = 'maya_v1_000000500.safetensors';
    expect(nameOfTemp(tempName(short))).toBe(short);
    expect(nameOfTemp(tempName(long), [short, long])).toBe(long);
    expect(nameOfTemp(tempName(long, '.part.json'), [long], '.part.json')).toBe(long);
    expect(nameOfTemp(short)).toBeNull();
    // A shortened temporary name is also name.part of its own stem: a known name wins over that reading.
    const stem = tempName(long).slice(0, -'.part'.length);
    expect(nameOfTemp(tempName(long))).toBe(stem);
    expect(nameOfTemp(tempName(long), [long])).toBe(long);
  });
});
