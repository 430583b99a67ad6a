import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  errorJsonSchema,
  historyJsonSchema,
  listJsonSchema,
  operationJsonSchema,
  redoJsonSchema,
  statsJsonSchema,
  undoJsonSchema,
} from '../../../src/captions/captions-json.js';
import { runCli as cli } from '../../helpers/cli.js';
import { captionProject } from './fixture.js';
import { tempDir } from '../../helpers/tmp.js';

const project = () =>
  captionProject({
    '40_maya/a.jpg': 'portrait, maya_char, long hair',
    '40_maya/b.jpg': 'maya_char, full body, red dress, red dress',
    '20_maya_realbody/c.jpg': null,
  });

const json = async (args: string[], dir: string) => {
  const r = await cli([...args, '--json'], dir);
  return { code: r.code, value: JSON.parse(r.out) as unknown };
};

describe('lorapilot captions --json', () => {
  it('every subcommand prints exactly its schema', async () => {
    const dir = await project();
    const dry = operationJsonSchema.parse((await json(['captions', 'ensure-trigger', '--dry-run'], dir)).value);
    expect(dry).toMatchObject({ op: 'ensure-trigger', dryRun: true, changed: 2, journal: null });
    const op = operationJsonSchema.parse((await json(['captions', 'create-missing'], dir)).value);
    expect(op.changes[0]).toMatchObject({ file: '20_maya_realbody/c.txt', before: null, after: 'maya_char, realistic_body, [describe body part], [describe pose], [describe lighting]' });

    const list = listJsonSchema.parse((await json(['captions', 'list'], dir)).value);
    expect(list.images.find((i) => i.image === '40_maya/a.jpg')?.problems.map((p) => p.rule)).toContain('caption.trigger-not-first');
    const stats = statsJsonSchema.parse((await json(['captions', 'stats', '--folder', '40_maya'], dir)).value);
    expect(stats).toMatchObject({ folder: '40_maya', images: 2, captioned: 2 });

    const history = historyJsonSchema.parse((await json(['captions', 'history'], dir)).value);
    expect(history.entries.map((e) => e.op)).toEqual(['create-missing']);
    const undo = undoJsonSchema.parse((await json(['captions', 'undo'], dir)).value);
    expect(undo.undo).toMatchObject({ op: 'create-missing', state: 'undone', files: ['20_maya_realbody/c.txt'] });
    const redo = redoJsonSchema.parse((await json(['captions', 'redo'], dir)).value);
    expect(redo.redo?.state).toBe('applied');
    expect(redoJsonSchema.parse((await json(['captions', 'redo'], dir)).value).redo).toBeNull();
  });

  it('a refused undo prints the error schema with the files concerned', async () => {
    const dir = await project();
    await cli(['captions', 'normalize'], dir);
    await writeFile(join(dir, 'dataset/40_maya/b.txt'), 'maya_char, edited by hand');
    const r = await json(['captions', 'undo'], dir);
    expect(r.code).toBe(1);
    expect(errorJsonSchema.parse(r.value)).toMatchObject({ files: ['40_maya/b.txt'] });
  });

  it('refuses arguments the same way whatever the face: commas in a tag, no trigger word', async () => {
    const dir = await project();
    const comma = await cli(['captions', 'ensure-tag', 'a, b'], dir);
    expect(comma.code).toBe(2);
    expect(comma.err).toContain('ensure-tag takes one TAG (no commas)');
    const bare = await tempDir('lorapilot-capjson-bare-');
    await mkdir(join(bare, '40_x'));
    await writeFile(join(bare, '40_x', 'a.jpg'), 'jpeg');
    const noTrigger = await cli(['captions', 'ensure-trigger', bare], bare);
    expect(noTrigger.code).toBe(2);
    expect(noTrigger.err).toContain('no trigger word');
  });
});
