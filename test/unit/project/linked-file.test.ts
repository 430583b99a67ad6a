import { lstat, mkdir, readFile, rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, updateProject } from '../../../src/project/index.js';
import { tempDir } from '../../helpers/tmp.js';

describe('a lorapilot.yaml that is a symbolic link', () => {
  it('stays a link when lorapilot records something; the file it points to gets the change', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    await mkdir(join(dir, 'dotfiles'));
    await rename(join(dir, 'lorapilot.yaml'), join(dir, 'dotfiles', 'maya.yaml'));
    await symlink(join('dotfiles', 'maya.yaml'), join(dir, 'lorapilot.yaml'));
    await updateProject(dir, (p) => {
      p.trigger = 'maya_v2';
    });
    expect((await lstat(join(dir, 'lorapilot.yaml'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'dotfiles', 'maya.yaml'), 'utf8')).toContain('trigger: maya_v2');
  });
});
