import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT, numberOption, parseCommandArgs, UsageError, writeJson, writeLine, type Command, type CommandContext } from '../command.js';
import { BOUNDS } from '../../src/text/bounds.js';
import { runOperation, type OperationResult, type TargetFilter } from '../../src/captions/apply.js';
import { runAutoTag, taggerThresholds } from '../../src/captions/autotag.js';
import {
  captionStats,
  entryJsonOf,
  errorJsonSchema,
  historyJsonSchema,
  listJson,
  listJsonSchema,
  operationJson,
  operationJsonSchema,
  redoJsonSchema,
  statsJsonSchema,
  tagJson,
  tagJsonSchema,
  undoJsonSchema,
} from '../../src/captions/captions-json.js';
import { JournalError } from '../../src/captions/journal.js';
import { captionOpFromArgs, NO_TRIGGER, OP_ARITY, opContextFor } from '../../src/captions/op-builder.js';
import { OP_NAMES } from '../../src/captions/operations.js';
import { historyLine, historyMessage, operationReport, recoveryMessage, reviewLines, statsLines, taggedLine, tagProgressText } from '../../src/captions/report-text.js';
import { cropFacesJsonSchema, cropFacesLines, facesToCrop } from '../../src/captions/crop-faces.js';
import { loadCaptionReview } from '../../src/captions/review.js';
import { DEFAULT_THRESHOLDS } from '../../src/captions/tagger/labels.js';
import { TaggerError } from '../../src/captions/tagger/wd14.js';
import { HubError } from '../../src/hub/errors.js';
import { openWorkspace, recordCaptionsProgress, refreshCaptionsProgress, rememberTaggerModel, type CaptionWorkspace } from '../../src/captions/workspace.js';

const USAGE = `Usage: lorapilot captions OP [ARGS] [DIR] [options]
       lorapilot captions            (in a terminal: opens the Captions screen)

Review and fix the captions of a dataset (DIR defaults to the project's dataset). Every operation
writes atomically, is journaled in .lorapilot/journal and can be undone, even after a restart.

Operations:
  ensure-trigger            the project's trigger word as the first tag, duplicates removed
  ensure-tag TAG            TAG as the second tag (after the trigger), e.g. realistic_body
  remove-tag TAG...         remove tags (a * matches anything: 'remove-tag "*hair"')
  replace-tag OLD NEW       replace a tag, keeping its place
  normalize                 UTF-8 without BOM, LF, trimmed, ', ' separators, no duplicate tags
  create-missing            a caption for each image without one: the folder's template
                            ("trigger, [describe shot], [describe pose], …"; realistic_body
                            first in real-body folders) for you to fill; check flags it until then
  prune-identity            remove tags of the character's fixed features (hair, eyes, skin,
                            body type…) so they bind to the trigger word; extend the list with
                            captions.identityTags in lorapilot.yaml
  tag [--model DIR|NAME]    WD14 auto-tagging (needs onnxruntime-node); without a folder it
                            downloads SmilingWolf/wd-eva02-large-tagger-v3 (or NAME: wd-vit-tagger-v3,
                            wd-swinv2-tagger-v3, wd-convnext-tagger-v3, wd-vit-large-tagger-v3,
                            org/repo) into the Hugging Face cache (HF_HOME, HF_HUB_CACHE,
                            HF_ENDPOINT, HF_TOKEN); a folder is remembered in lorapilot.yaml
  undo | redo               revert / re-apply the last operation
  history                   the journal: operations that undo and redo would revert
  list                      every image with its caption and status
  stats                     tag frequency (how many images carry each tag)
  crop-faces                real-body images with a face to crop out (from the faces check scored)

Options:
  --folder F                only images in folder F (e.g. 10_realbody)
  --dry-run                 show what would change without writing
  --json                    print JSON
  --trigger WORD            trigger word when there is no lorapilot.yaml
  --model DIR|NAME          (tag) folder with model.onnx and selected_tags.csv, or a model name
  --general N               (tag) threshold for general tags (default ${DEFAULT_THRESHOLDS.general})
  --character N             (tag) threshold for character tags (default ${DEFAULT_THRESHOLDS.character})
  --mode merge|missing      (tag) merge into every caption (default), or fill only missing ones;
                            new captions start with the folder's template (trigger[, realistic_body])

Exit codes: 0 ok, 1 a file failed or undo was refused, 2 usage.`;
const OPTIONS = {
  folder: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  trigger: { type: 'string' },
  model: { type: 'string' },
  general: { type: 'string' },
  character: { type: 'string' },
  mode: { type: 'string' },
  threads: { type: 'string' },
} as const;

const SUBCOMMANDS = [...OP_NAMES, 'tag', 'undo', 'redo', 'history', 'list', 'stats', 'crop-faces'] as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];
interface Run {
  ws: CaptionWorkspace;
  values: Values;
  json: boolean;
  filter: TargetFilter;
  ctx: CommandContext;
}

function needTrigger(ws: CaptionWorkspace): string {
  if (!ws.trigger) throw new UsageError(NO_TRIGGER);
  return ws.trigger;
}

async function isDir(cwd: string, p: string): Promise<boolean> {
  return (await stat(resolve(cwd, p)).catch(() => null))?.isDirectory() ?? false;
}

/** Split positionals into the operation's arguments and an optional trailing DIR. */
async function splitArgs(op: string, pos: string[], cwd: string): Promise<{ args: string[]; dir?: string }> {
  if (op === 'remove-tag') {
    // TAG... [DIR]: the last word is DIR when it names a folder (a tag never contains '/').
    if (pos.length > 1 && (pos[pos.length - 1].includes('/') || (await isDir(cwd, pos[pos.length - 1])))) return { args: pos.slice(0, -1), dir: pos[pos.length - 1] };
    return { args: pos };
  }
  const n = OP_ARITY[op] ?? 0;
  if (pos.length > n + 1) throw new UsageError(`${op} takes ${n ? `${n} argument${n > 1 ? 's' : ''} and ` : ''}an optional DIR; got ${pos.length} words`);
  return { args: pos.slice(0, n), dir: pos[n] };
}

const lines = (stream: NodeJS.WritableStream, ls: readonly string[]) => ls.forEach((l) => writeLine(stream, l));

async function history(sub: 'undo' | 'redo', { ws, json, ctx }: Run): Promise<number> {
  const entry = sub === 'undo' ? await ws.journal.undo() : await ws.journal.redo();
  if (json) writeJson(ctx.stdout, sub === 'undo' ? undoJsonSchema.parse({ undo: entryJsonOf(entry) }) : redoJsonSchema.parse({ redo: entryJsonOf(entry) }));
  else writeLine(ctx.stdout, historyMessage(sub, entry));
  if (entry) await refreshCaptionsProgress(ws);
  return EXIT.ok;
}

async function historyList({ ws, json, ctx }: Run): Promise<number> {
  const entries = await ws.journal.entries();
  if (json) writeJson(ctx.stdout, historyJsonSchema.parse({ entries: entries.map(entryJsonOf) }));
  else if (!entries.length) writeLine(ctx.stdout, 'no caption operations recorded');
  else lines(ctx.stdout, entries.map(historyLine));
  return EXIT.ok;
}

async function list({ ws, json, ctx, filter }: Run): Promise<number> {
  const review = await loadCaptionReview(ws.root, needTrigger(ws), filter, undefined, ws.textEncoder);
  if (json) writeJson(ctx.stdout, listJsonSchema.parse(listJson(ws.root, review)));
  else lines(ctx.stdout, reviewLines(review));
  await recordCaptionsProgress(ws, review.items);
  return EXIT.ok;
}

async function stats({ ws, json, ctx, filter, values }: Run): Promise<number> {
  // Without a trigger the statuses are meaningless, but the tags are still counted.
  const review = await loadCaptionReview(ws.root, ws.trigger ?? '\u0000', filter, undefined, ws.textEncoder);
  const s = statsJsonSchema.parse(captionStats(ws.root, values.folder ?? null, review));
  if (json) writeJson(ctx.stdout, s);
  else lines(ctx.stdout, statsLines(s));
  return EXIT.ok;
}

async function cropFaces({ ws, json, ctx }: Run): Promise<number> {
  const r = cropFacesJsonSchema.parse(await facesToCrop(ws));
  if (json) writeJson(ctx.stdout, r);
  else lines(ctx.stdout, cropFacesLines(r));
  return EXIT.ok;
}

async function tag({ ws, json, ctx, filter, values }: Run): Promise<number> {
  const mode = values.mode ?? 'merge';
  if (mode !== 'merge' && mode !== 'missing') throw new UsageError(`--mode is merge or missing, not '${mode}'`);
  const thresholds = taggerThresholds(ws, { general: numberOption(values.general, 'general', BOUNDS.threshold), character: numberOption(values.character, 'character', BOUNDS.threshold) });
  if ('error' in thresholds) throw new UsageError(thresholds.error);
  const threads = numberOption(values.threads, 'threads', BOUNDS.threads);
  const progressOut = ctx.stderr as NodeJS.WriteStream;
  const live = !json && Boolean(progressOut.isTTY);
  const { chooseTagger, downloadProgressText, taggerSourceLine } = await import('../../src/captions/tagger/models.js');
  const started = new Set<string>();
  const choice = await chooseTagger({
    given: values.model,
    resolvePath: (p) => resolve(ctx.cwd, p),
    isDir: (p) => stat(p).then((s) => s.isDirectory(), () => false),
    remembered: ws.tagger?.model,
    env: ctx.env,
    onProgress: (p) => {
      if (live) progressOut.write(`\r\x1b[2K${downloadProgressText(p)}`);
      // without a terminal, one line as each file starts, so a log shows what the wait is
      else if (!json && !started.has(p.file) && started.add(p.file)) writeLine(ctx.stderr, `downloading ${downloadProgressText(p)}`);
    },
  }).catch((e: unknown) => {
    if (live) progressOut.write('\r\x1b[2K');
    throw e instanceof HubError ? new TaggerError(e.message) : e;
  });
  if (live) progressOut.write('\r\x1b[2K');
  if (choice.hub && !json) writeLine(ctx.stdout, taggerSourceLine(choice.hub));
  const modelDir = choice.dir;
  const r = await runAutoTag({
    ws,
    trigger: needTrigger(ws),
    modelDir,
    thresholds,
    mode,
    filter,
    dryRun: values['dry-run'] ?? false,
    threads,
    onProgress: (p) => {
      if (!live) return;
      const width = 24;
      const filled = Math.round((p.done / Math.max(1, p.total)) * width);
      progressOut.write(`\r\x1b[2K${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${tagProgressText(p, '  ')}`);
      if (p.done === p.total) progressOut.write('\r\x1b[2K');
    },
  });
  if (json) writeJson(ctx.stdout, tagJsonSchema.parse(tagJson(r)));
  else {
    writeLine(ctx.stdout, taggedLine(r));
    printReport(ctx, r.result);
  }
  if (!r.result.dryRun) await refreshCaptionsProgress(ws);
  // a Hub model is found again through the cache; only a folder of the user's is remembered
  if (!choice.hub && (await rememberTaggerModel(ws, modelDir)) && !json) writeLine(ctx.stdout, `The model folder is remembered in lorapilot.yaml (captions.tagger.model): next time --model can be left out.`);
  return r.result.errors.length ? EXIT.failed : EXIT.ok;
}

async function operation(sub: string, args: string[], { ws, json, ctx, filter, values }: Run): Promise<number> {
  const built = captionOpFromArgs(sub, args);
  if (!built.ok) throw new UsageError(built.message);
  const context = opContextFor(built.op, ws);
  if (!context.ok) throw new UsageError(context.message);
  const r = await runOperation(built.op, { root: ws.root, journal: ws.journal, ctx: context.ctx, filter, dryRun: values['dry-run'] ?? false });
  if (json) writeJson(ctx.stdout, operationJsonSchema.parse(operationJson(r)));
  else printReport(ctx, r);
  if (!r.dryRun) await refreshCaptionsProgress(ws);
  return r.errors.length ? EXIT.failed : EXIT.ok;
}

function printReport(ctx: CommandContext, r: OperationResult): void {
  const report = operationReport(r);
  lines(ctx.stdout, report.out);
  lines(ctx.stderr, report.err);
  if (report.hint) writeLine(ctx.stdout, report.hint);
}

export const captionsCommand: Command = {
  name: 'captions',
  usage: USAGE,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    const [sub, ...rest] = positionals;
    if (!sub) {
      // In a terminal, `lorapilot captions` opens the Captions screen.
      if (ctx.tty) return (await import('../wizard.js')).openWizard({ dir: ctx.cwd, step: 'captions' });
      throw new UsageError(`which operation? one of: ${SUBCOMMANDS.join(', ')}`);
    }
    if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError(`unknown operation '${sub}'; one of: ${SUBCOMMANDS.join(', ')}`);
    const { args, dir } = await splitArgs(sub, rest, ctx.cwd);
    const ws = await openWorkspace({ cwd: ctx.cwd, dir, trigger: values.trigger });
    const run: Run = { ws, values, json: values.json ?? false, filter: values.folder !== undefined ? { folder: values.folder } : {}, ctx };

    // Anything an earlier run left half-done is rolled back (or finished) before anything else.
    const recovered = await ws.journal.lock(() => ws.journal.recover()).catch((e) => {
      if (e instanceof JournalError) throw e;
      return [];
    });
    for (const r of recovered) writeLine(ctx.stderr, recoveryMessage(r));

    try {
      if (sub === 'undo' || sub === 'redo') return await history(sub, run);
      if (sub === 'history') return await historyList(run);
      if (sub === 'list') return await list(run);
      if (sub === 'stats') return await stats(run);
      if (sub === 'crop-faces') return await cropFaces(run);
      if (sub === 'tag') return await tag(run);
      return await operation(sub, args, run);
    } catch (e) {
      if (e instanceof JournalError || e instanceof TaggerError) {
        if (run.json) writeJson(ctx.stdout, errorJsonSchema.parse({ error: e.message, files: e instanceof JournalError ? e.files.map((f) => f.rel) : [] }));
        writeLine(ctx.stderr, `lorapilot captions ${sub}: ${e.message}`);
        return EXIT.failed;
      }
      throw e;
    }
  },
};
