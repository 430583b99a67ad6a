import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dedupeTags, decodeCaption, formatTags, hasTag, parseTags, tagKey } from '../../../src/dataset/caption.js';
import { checkDataset, inferTrigger, verdictOf, type CheckProgress } from '../../../src/dataset/check.js';
import { startCheck } from '../../../src/dataset/check-service.js';
import { generateDemoDataset, type DemoDataset } from '../../../src/dataset/demo.js';
import { checkReportSchema, type CheckReport } from '../../../src/dataset/report.js';
import { tempDir } from '../../helpers/tmp.js';

let demo: DemoDataset;
let full: CheckReport;
let progress: CheckProgress[];

beforeAll(async () => {
  const dir = await tempDir();
  demo = await generateDemoDataset(dir, { name: 'maya', trigger: 'maya_char' });
  progress = [];
  full = await checkDataset(demo.dir, { trigger: 'maya_char', onProgress: (p) => progress.push(p) });
});

const found = (r: CheckReport, rule: string, files: string[]) => r.findings.some((f) => f.rule === rule && files.every((x) => f.files.includes(x)));

describe('checkDataset on the demo dataset', () => {
  it('finds every planted mistake, with its files', () => {
    expect(demo.planted.length).toBeGreaterThan(30);
    const missing = demo.planted.filter((p) => !found(full, p.rule, p.files));
    expect(missing).toEqual([]);
  });

  it('reports no caption finding that was not planted (the rest of the captions follow the guide)', () => {
    const planted = new Set(demo.planted.filter((p) => p.caption).map((p) => `${p.rule} ${p.files[0]}`));
    const extra = full.findings.filter((f) => f.rule.startsWith('caption.') && !planted.has(`${f.rule} ${f.files[0]}`));
    expect(extra).toEqual([]);
  });

  it('summarises counts, images per epoch, composition and a verdict, in the JSON schema', () => {
    expect(checkReportSchema.parse(full)).toEqual(full);
    expect(full.folders.map((f) => [f.rel, f.kind, f.repeats])).toEqual([
      ['40_maya', 'character', 40],
      ['20_maya_realbody', 'realbody', 20],
      ['10_outfits', 'character', 10],
    ]);
    expect(full.totals).toMatchObject({ character: 32, realbody: 10, images: 42 });
    expect(full.imagesPerEpoch).toBe(32 * 40 + 10 * 20);
    expect(full.composition.realbody.fullbody).toEqual({ have: 2, target: 10 });
    expect(full.verdict.status).toBe('blocked');
    expect(full.counts.error).toBe(full.findings.filter((f) => f.severity === 'error').length);
    // Sorted: errors, then warnings, then notes.
    const order = full.findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('reports progress through every phase, decode included', () => {
    expect(progress[0].phase).toBe('scan');
    expect(progress.some((p) => p.phase === 'read')).toBe(true);
    const decode = progress.filter((p) => p.phase === 'decode');
    expect(decode.at(-1)).toMatchObject({ done: decode.at(-1)!.total });
    expect(progress.at(-1)!.phase).toBe('done');
  });

  it('--fast skips exactly the decode-based findings', async () => {
    const fast = await checkDataset(demo.dir, { trigger: 'maya_char', decode: false });
    expect(fast.decoded).toBe(false);
    for (const p of demo.planted) expect(found(fast, p.rule, p.files), p.rule).toBe(!p.decode);
  });

  it('infers the trigger from the captions when none is given', async () => {
    const r = await checkDataset(demo.dir, { decode: false });
    expect(r.trigger).toBe('maya_char');
    expect(r.triggerSource).toBe('inferred');
    expect(r.findings.some((f) => f.rule === 'trigger.inferred')).toBe(true);
    expect(inferTrigger([['a', 'b'], ['c'], ['d']])).toBeNull();
  });

  it('planted caption mistakes are fixed by ordinary caption operations, after which no caption finding is left', async () => {
    const dir = await tempDir();
    const d = await generateDemoDataset(dir, { name: 'maya', trigger: 'maya_char' });
    const trigger = 'maya_char';
    for (const folder of [d.characterFolder, d.realbodyFolder]) {
      const realbody = folder === d.realbodyFolder;
      const names = await readdir(join(d.dir, folder));
      for (const name of names.filter((n) => /\.(jpe?g|png|webp)$/i.test(n))) {
        const txt = join(d.dir, folder, name.replace(/\.[^.]+$/, '.txt'));
        const bytes = await readFile(txt).catch(() => null);
        // create missing captions (the template, filled in) · normalise encoding/BOM/CRLF
        let tags = bytes ? parseTags(decodeCaption(bytes).text) : [trigger, 'portrait', 'soft lighting'];
        // remove tags: the placeholder, the realbody tag on character images, a tagger dump past the guide's length
        tags = tags.filter((t) => t !== '[trigger]' && (realbody || tagKey(t) !== 'realistic body'));
        if (tags.length > 12) tags = tags.slice(0, 5);
        // ensure trigger first · ensure realistic_body · remove duplicates
        tags = [trigger, ...tags.filter((t) => tagKey(t) !== tagKey(trigger))];
        if (realbody && !hasTag(tags, 'realistic_body')) tags.splice(1, 0, 'realistic_body');
        tags = dedupeTags(tags);
        await writeFile(txt, formatTags(tags));
      }
    }
    const after = await checkDataset(d.dir, { trigger, decode: false });
    expect(after.findings.filter((f) => f.rule.startsWith('caption.'))).toEqual([]);
    // Only image, layout, count and composition findings remain.
    expect(after.counts.error).toBe(after.findings.filter((f) => f.severity === 'error' && f.rule.startsWith('image.')).length);
  }, 60_000);

  it('the demo never overwrites an existing dataset unless asked', async () => {
    await expect(generateDemoDataset(join(demo.dir, '..'), { name: 'maya', trigger: 'maya_char' })).rejects.toThrow('will not overwrite');
    expect((await readdir(join(demo.dir, demo.characterFolder))).length).toBeGreaterThan(60);
  });

  it('a missing dataset folder is a finding, not an exception', async () => {
    const r = await checkDataset('/nonexistent/dataset/folder');
    expect(r.findings.map((f) => f.rule)).toEqual(['layout.no-dataset']);
    expect(r.verdict.status).toBe('blocked');
  });

  it('can be cancelled, and runs as a subscribable service', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(checkDataset(demo.dir, { signal: controller.signal })).rejects.toThrow();
    const run = startCheck(demo.dir, { trigger: 'maya_char', decode: false });
    const seen: string[] = [];
    const off = run.subscribe((s) => seen.push(s.status));
    const final = await run.done;
    off();
    expect(final.status).toBe('done');
    expect(final.report!.totals.images).toBe(42);
    expect(seen[0]).toBe('running');
    expect(seen.at(-1)).toBe('done');
    // With decoding, the fast pass's report arrives first, while images still decode.
    const progressive = startCheck(demo.dir, { trigger: 'maya_char' });
    const reports: boolean[] = [];
    progressive.subscribe((st) => st.report && reports.push(st.report.decoded));
    expect((await progressive.done).report!.decoded).toBe(true);
    expect(reports[0]).toBe(false);
    expect(reports.at(-1)).toBe(true);
    const cancelled = startCheck(demo.dir, {});
    cancelled.cancel();
    expect((await cancelled.done).status).toBe('cancelled');
  });

  it('verdicts', () => {
    expect(verdictOf({ error: 0, warning: 0 }, 10).status).toBe('ready');
    expect(verdictOf({ error: 0, warning: 2 }, 10).text).toContain('2 warnings');
    expect(verdictOf({ error: 1, warning: 0 }, 10).text).toContain('1 error to fix');
    expect(verdictOf({ error: 0, warning: 0 }, 0).status).toBe('blocked');
  });
});
