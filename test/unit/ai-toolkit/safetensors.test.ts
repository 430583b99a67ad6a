import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSafetensors, headerLength, MAX_HEADER_BYTES, parseHeader, readSafetensorsHeader } from '../../../src/ai-toolkit/safetensors.js';
import { LocalTarget } from '../../../src/remote/local-target.js';
import { tempDir } from '../../helpers/tmp.js';
import { checkpointBytes } from '../checkpoints/fixture.js';

const target = new LocalTarget();

describe('safetensors header', () => {
  it('reads training_info and the tensor table from a real file without reading the weights', async () => {
    const dir = await tempDir();
    const path = join(dir, 'maya_v1_000000250.safetensors');
    const bytes = checkpointBytes(250, 1, 200_000);
    await writeFile(path, bytes);
    const r = await readSafetensorsHeader(target, path);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.header.trainingInfo).toEqual({ step: 250, epoch: 1 });
    expect(r.header.tensorCount).toBe(2);
    expect(r.header.expectedSize).toBe(bytes.length);
    expect(r.header.metadata.format).toBe('pt');
    expect(r.header.headerBytes).toBeLessThan(2000);
  });

  it('reports a file cut short inside the tensor data as truncated', async () => {
    const dir = await tempDir();
    const path = join(dir, 'cut.safetensors');
    const bytes = checkpointBytes(500, 2, 10_000);
    await writeFile(path, bytes.subarray(0, bytes.length - 100));
    const r = await readSafetensorsHeader(target, path);
    expect(r).toMatchObject({ ok: false, code: 'truncated' });
  });

  it('reports a file cut inside the header as truncated', async () => {
    const dir = await tempDir();
    const path = join(dir, 'cut.safetensors');
    const bytes = checkpointBytes(500, 2);
    await writeFile(path, bytes.subarray(0, 40));
    expect(await readSafetensorsHeader(target, path)).toMatchObject({ ok: false, code: 'truncated' });
  });

  it('refuses an absurd header length instead of allocating it', async () => {
    const dir = await tempDir();
    const path = join(dir, 'huge.safetensors');
    const b = Buffer.alloc(64);
    b.writeBigUInt64LE(2n ** 62n);
    await writeFile(path, b);
    expect(await readSafetensorsHeader(target, path)).toMatchObject({ ok: false, code: 'absurd-length' });
    const p = Buffer.alloc(8);
    p.writeBigUInt64LE(BigInt(MAX_HEADER_BYTES + 1));
    expect(headerLength(p, 10 ** 12)).toMatchObject({ ok: false, code: 'absurd-length' });
  });

  it('turns garbage, empty files and non-object JSON into findings', async () => {
    const dir = await tempDir();
    const cases: Array<[string, Buffer, string]> = [
      ['empty', Buffer.alloc(0), 'too-small'],
      ['text', Buffer.from('this is not a model file at all, just some text'), 'absurd-length'],
      ['array', framed('[1,2,3]'), 'bad-table'],
      ['badjson', framed('{"a": '), 'not-json'],
      ['badmeta', framed('{"__metadata__": {"training_info": 5}}'), 'bad-table'],
      ['badtensor', framed('{"w": {"dtype": "F16"}}'), 'bad-table'],
    ];
    for (const [name, bytes, code] of cases) {
      const path = join(dir, `${name}.safetensors`);
      await writeFile(path, bytes);
      expect(await readSafetensorsHeader(target, path), name).toMatchObject({ ok: false, code });
    }
    expect(await readSafetensorsHeader(target, join(dir, 'missing.safetensors'))).toMatchObject({ ok: false, code: 'unreadable' });
  });

  it('keeps a valid file with a broken training_info usable and says why the step is not confirmed', () => {
    const bytes = buildSafetensors({ training_info: '{"step": "two hundred"}' });
    const len = Number(bytes.readBigUInt64LE(0));
    const r = parseHeader(bytes.subarray(8, 8 + len), bytes.length);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.header.trainingInfo).toBeNull();
      expect(r.header.trainingInfoProblem).toMatch(/does not hold a step/);
    }
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const len = headerLength(bytes, bytes.length);
        if (len.ok) parseHeader(bytes.subarray(8, 8 + len.length), bytes.length);
      }),
    );
  });
});

function framed(json: string): Buffer {
  const body = Buffer.from(json);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(body.length));
  return Buffer.concat([len, body]);
}
