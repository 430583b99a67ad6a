import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/fs/atomic.js';
import { assertRegularOrAbsentSync, FileTooLargeError, NotRegularFileError, readRegularFile, readRegularFileSync } from '../../../src/fs/regular.js';
import { tempDir } from '../../helpers/tmp.js';

describe('reading only regular files', () => {
  it('refuses a named pipe, a device and a folder at once instead of waiting for a writer', async () => {
    const dir = await tempDir();
    const fifo = join(dir, 'caption.txt');
    execFileSync('mkfifo', [fifo]);
    await expect(readRegularFile(fifo)).rejects.toThrow('not a regular file (a named pipe)');
    expect(() => readRegularFileSync(fifo, 10)).toThrow(NotRegularFileError);
    await expect(readRegularFile('/dev/zero')).rejects.toThrow('not a regular file (a device)');
    await expect(readRegularFile(dir)).rejects.toThrow('not a regular file (a folder)');
    expect(() => assertRegularOrAbsentSync(fifo)).toThrow('a named pipe');
    expect(() => assertRegularOrAbsentSync(join(dir, 'absent.txt'))).not.toThrow();
  });

  it('reads a regular file, through a link, and refuses one over the limit', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.txt'), 'maya_char, portrait');
    await symlink('a.txt', join(dir, 'b.txt'));
    expect((await readRegularFile(join(dir, 'b.txt'))).toString()).toBe('maya_char, portrait');
    await expect(readRegularFile(join(dir, 'a.txt'), 4)).rejects.toBeInstanceOf(FileTooLargeError);
  });
});

describe('atomic writes through links', () => {
  it('rewrites the file a link points to and keeps the link', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'dotfiles'));
    await writeFile(join(dir, 'dotfiles', 'lorapilot.yaml'), 'version: 1\n');
    await symlink('dotfiles/lorapilot.yaml', join(dir, 'lorapilot.yaml'));
    await writeFileAtomic(join(dir, 'lorapilot.yaml'), 'version: 2\n', { throughLinks: true });
    expect((await lstat(join(dir, 'lorapilot.yaml'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, 'lorapilot.yaml'))).toBe('dotfiles/lorapilot.yaml');
    expect(await readFile(join(dir, 'dotfiles', 'lorapilot.yaml'), 'utf8')).toBe('version: 2\n');
  });

  it('a dangling link gets its target written, not replaced by a file', async () => {
    const dir = await tempDir();
    await symlink('real.yaml', join(dir, 'link.yaml'));
    await writeFileAtomic(join(dir, 'link.yaml'), 'x', { throughLinks: true });
    expect((await lstat(join(dir, 'link.yaml'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'real.yaml'), 'utf8')).toBe('x');
  });
});
