import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listJsonSchema, statsJsonSchema } from '../../../src/captions/captions-json.js';
import { runCli as cli } from '../../helpers/cli.js';
import { captionProject } from './fixture.js';

/** A named pipe where an image's caption goes: reported as not a regular file, never opened (it would wait). */
const project = async () => {
  const dir = await captionProject({ '40_maya/a.jpg': 'maya_char, portrait', '40_maya/b.jpg': null });
  execFileSync('mkfifo', [join(dir, 'dataset', '40_maya', 'b.txt')]);
  return dir;
};

describe('a caption name taken by a named pipe', () => {
  it('captions list says it is not a regular file, not "no caption", in text and --json', async () => {
    const dir = await project();
    const text = await cli(['captions', 'list'], dir);
    expect(text.code).toBe(0);
    const line = text.out.split('\n').find((l) => l.startsWith('40_maya/b.jpg'))!;
    expect(line).toContain('not a regular file (named pipe): never opened');
    expect(line).not.toContain('no caption');

    const j = listJsonSchema.parse(JSON.parse((await cli(['captions', 'list', '--json'], dir)).out));
    const b = j.images.find((i) => i.image === '40_maya/b.jpg')!;
    expect(b.caption).toBe('40_maya/b.txt');
    expect(b.problems.map((p) => [p.rule, p.severity])).toEqual([['caption.not-regular', 'error']]);
    expect(b.problems[0].message).toContain('not a regular file (named pipe)');
  });

  it('captions stats names it and counts the image as uncaptioned, in text and --json', async () => {
    const dir = await project();
    const text = await cli(['captions', 'stats'], dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('2 images, 1 captioned');
    expect(text.out).toContain('40_maya/b.txt: not a regular file (named pipe): never opened');

    const j = statsJsonSchema.parse(JSON.parse((await cli(['captions', 'stats', '--json'], dir)).out));
    expect(j.captioned).toBe(1);
    expect(j.notRegular).toEqual([{ file: '40_maya/b.txt', kind: 'named pipe', message: 'not a regular file (named pipe): never opened' }]);
  });
});
