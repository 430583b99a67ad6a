import { resolve } from 'node:path';
import { checkpointDeps } from '../../src/checkpoints/deps.js';
import { facesJsonSchema, identityFailureJsonSchema, scoreImagesJsonSchema } from '../../src/checkpoints/identity-json.js';
import { facesReport, scoreImagesReport } from '../../src/checkpoints/identity-report.js';
import { facesLines, scoreImagesLines } from '../../src/checkpoints/identity-text.js';
import type { Project } from '../../src/project/index.js';
import { glyph } from '../../src/text/glyphs.js';
import { EXIT, UsageError, writeJson, writeLine, type CommandContext } from '../command.js';

interface FacesOpts {
  ctx: CommandContext;
  project: Project;
  json: boolean;
  folder?: string;
}

function progress(o: FacesOpts): ((done: number, total: number, current: string) => void) | undefined {
  const stderr = o.ctx.stderr as NodeJS.WriteStream;
  if (!stderr.isTTY || o.json) return undefined;
  return (done, total) => stderr.write(`\r\u001b[2Kscoring faces ${done}/${total}`);
}

function failed(o: FacesOpts, r: { message: string; fix: string }): number {
  if (o.json) writeJson(o.ctx.stdout, identityFailureJsonSchema.parse(r));
  else writeLine(o.ctx.stderr, `${glyph.error} ${r.message}\n  ${r.fix}`);
  return EXIT.failed;
}

/** `checkpoints faces`: every sample of the run against the training identity. */
export async function faces(o: FacesOpts, rest: string[]): Promise<number> {
  if (rest.length) throw new UsageError(`faces takes no arguments, got '${rest[0]}'`);
  const r = await facesReport(o.project, o.ctx.cwd, { folder: o.folder, ...checkpointDeps(o.ctx.env), onProgress: progress(o) });
  if (!o.json && (o.ctx.stderr as NodeJS.WriteStream).isTTY) o.ctx.stderr.write('\r\u001b[2K');
  if (!r.ok) return failed(o, r);
  if (o.json) writeJson(o.ctx.stdout, facesJsonSchema.parse(r));
  else facesLines(r).forEach((l) => writeLine(o.ctx.stdout, l));
  return EXIT.ok;
}

/** `checkpoints score-images DIR`: the test plan's images, per checkpoint and strength. */
export async function scoreImages(o: FacesOpts, rest: string[]): Promise<number> {
  if (rest.length !== 1) throw new UsageError('score-images takes one folder: the one ComfyUI wrote the test plan images to');
  const r = await scoreImagesReport(o.project, o.ctx.cwd, resolve(o.ctx.cwd, rest[0]), { onProgress: progress(o) });
  if (!o.json && (o.ctx.stderr as NodeJS.WriteStream).isTTY) o.ctx.stderr.write('\r\u001b[2K');
  if (!r.ok) return failed(o, r);
  if (o.json) writeJson(o.ctx.stdout, scoreImagesJsonSchema.parse(r));
  else scoreImagesLines(r).forEach((l) => writeLine(o.ctx.stdout, l));
  return EXIT.ok;
}
