import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATOMIC_TEMP_RE, writeFileAtomic } from '../../../src/fs/atomic.js';
import { NAME_MAX, tempName } from '../../../src/fs/temp-name.js';
import { tempDir } from '../../helpers/tmp.js';

const NAMES = ['p'.repeat(250) + '.json', 'ж'.repeat(125) + '.yaml']; // both 255 bytes in UTF-8

describe('writeFileAtomic', () => {
  it('writes and rewrites a file whose name is 255 bytes, leaving no temporary file', async () => {
    const dir = await tempDir();
    for (const name of NAMES) {
      expect(Buffer.byteLength(name)).toBe(NAME_MAX);
      await writeFileAtomic(join(dir, name), 'first');
      await writeFileAtomic(join(dir, name), 'second');
      expect(await readFile(join(dir, name), 'utf8')).toBe('second');
    }
    expect((await readdir(dir)).sort()).toEqual([...NAMES].sort());
  });

  it('names its temporary files so that a leftover one is still recognised, however long the name', () => {
    for (const name of [...NAMES, 'config.yaml']) {
      const tmp = tempName(`.${name}`, `.${process.pid}.0a1b2c3d.tmp`);
      expect(Buffer.byteLength(tmp)).toBeLessThanOrEqual(NAME_MAX);
      expect(tmp).toMatch(ATOMIC_TEMP_RE);
    }
  });
});
