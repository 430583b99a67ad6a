import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../../helpers/cli.js';
import { captionProject } from './fixture.js';

const project = (identityTags: string[] = []) =>
  captionProject(
    {
      '40_maya/a.jpg': 'portrait, maya_char, long hair, green eyes, beauty spot',
      '40_maya/b.jpg': 'maya_char, full body, red dress, red dress',
      '20_maya_realbody/c.jpg': 'maya_char, legs',
      '20_maya_realbody/d.jpg': null,
    },
    identityTags,
  );

const cap = (dir: string, rel: string) => readFile(join(dir, 'dataset', rel), 'utf8');

describe('lorapilot captions', () => {
  it('prints what changed; --dry-run writes nothing; --json is machine-readable', async () => {
    const dir = await project();
    const dry = await cli(['captions', 'ensure-trigger', '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('ensure-trigger: 2 captions would change, 2 unchanged');
    expect(dry.out).toContain('Dry run: nothing was written');
    expect(await cap(dir, '40_maya/a.txt')).toMatch(/^portrait/);

    const j = await cli(['captions', 'normalize', '--json'], dir);
    const parsed = JSON.parse(j.out);
    expect(parsed).toMatchObject({ op: 'normalize', changed: 1, dryRun: false, journal: { seq: 1 } });
    expect(parsed.changes[0]).toMatchObject({ file: '40_maya/b.txt', after: 'maya_char, full body, red dress', removed: [], notes: ['duplicates removed'] });
  });

  it('limits an operation to a folder, and prunes the project’s own identity tags too', async () => {
    const dir = await project(['beauty spot']);
    const r = await cli(['captions', 'ensure-tag', 'realistic_body', '--folder', '20_maya_realbody'], dir);
    expect(r.out).toContain('20_maya_realbody/c.txt: +realistic_body');
    expect(await cap(dir, '20_maya_realbody/c.txt')).toBe('maya_char, realistic_body, legs');
    const p = await cli(['captions', 'prune-identity'], dir);
    expect(p.out).toMatch(/tags removed: .*-long hair ×1/);
    expect(await cap(dir, '40_maya/a.txt')).toBe('portrait, maya_char');
    const c = await cli(['captions', 'create-missing'], dir);
    expect(c.out).toContain('captions created: 1');
    expect(await cap(dir, '20_maya_realbody/d.txt')).toBe('maya_char, realistic_body, [describe body part], [describe pose], [describe lighting]');
    const s = await cli(['captions', 'stats', '--json'], dir);
    expect(JSON.parse(s.out).tags[0]).toEqual({ tag: 'maya_char', images: 4 });
  });

  it('undo refuses to overwrite a caption edited since, and says which', async () => {
    const dir = await project();
    await cli(['captions', 'remove-tag', 'red dress', 'full body'], dir);
    expect(await cap(dir, '40_maya/b.txt')).toBe('maya_char');
    await writeFile(join(dir, 'dataset/40_maya/b.txt'), 'maya_char, my edit');
    const u = await cli(['captions', 'undo'], dir);
    expect(u.code).toBe(1);
    expect(u.err).toMatch(/cannot undo 'remove-tag red dress full body': 1 caption was changed since \(40_maya\/b\.txt\)/);
    expect(await cap(dir, '40_maya/b.txt')).toBe('maya_char, my edit');
  });

  it('takes DIR after the operation arguments, and reports usage errors without a stack', async () => {
    const dir = await project();
    const r = await cli(['captions', 'replace-tag', 'legs', 'thighs', 'dataset/20_maya_realbody'], dir);
    expect(r.code).toBe(0);
    expect(await cap(dir, '20_maya_realbody/c.txt')).toBe('maya_char, thighs');
    const bad = await cli(['captions', 'frobnicate'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown operation 'frobnicate'/);
    const noFolder = await cli(['captions', 'normalize', '--folder', 'nope'], dir);
    expect(noFolder.code).toBe(1);
    expect(noFolder.err).toMatch(/no folder 'nope'/);
    expect(noFolder.err).not.toMatch(/\n\s+at /);
  });
});
