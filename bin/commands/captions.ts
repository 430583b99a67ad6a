import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { EXIT, numberOption, parseCommandArgs, UsageError, writeJson, writeLine, type Command, type CommandContext } from '../command.js';
import { runOperation, summarizeChanges, type FileChange, type OperationResult } from '../../src/captions/apply.js';
import { JournalError, type JournalEntry } from '../../src/captions/journal.js';
import { displayPath as displayName } from '../../src/text/display.js';
import { OP_NAMES, type CaptionOp } from '../../src/captions/operations.js';
import { loadCaptionReview } from '../../src/captions/review.js';
import { tagFrequency } from '../../src/captions/stats.js';
import { runAutoTag } from '../../src/captions/autotag.js';
import { DEFAULT_THRESHOLDS } from '../../src/captions/tagger/labels.js';
import { TaggerError } from '../../src/captions/tagger/wd14.js';
import { openWorkspace, recordCaptionsProgress, rememberTaggerModel, type CaptionWorkspace } from '../../src/captions/workspace.js';
import { formatDuration } from '../../src/text/format.js';

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
  create-missing            a caption for each image without one: the trigger, plus
                            realistic_body in real-body folders
  prune-identity            remove tags of the character's fixed features (hair, eyes, skin,
                            body type…) so they bind to the trigger word; extend the list with
                            captions.identityTags in lorapilot.yaml
  tag [--model DIR]         WD14 auto-tagging (needs onnxruntime-node); the model folder is
                            remembered in lorapilot.yaml (captions.tagger.model)
  undo | redo               revert / re-apply the last operation
  history                   the journal: operations that undo and redo would revert
  list                      every image with its caption and status
  stats                     tag frequency (how many images carry each tag)

Options:
  --folder F                only images in folder F (e.g. 10_realbody)
  --dry-run                 show what would change without writing
  --json                    print JSON
  --trigger WORD            trigger word when there is no lorapilot.yaml
  --model DIR               (tag) folder with model.onnx and selected_tags.csv (SmilingWolf wd-*)
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

const SUBCOMMANDS = [...OP_NAMES, 'tag', 'undo', 'redo', 'history', 'list', 'stats'] as const;

const changeJson = z.object({
  file: z.string(),
  image: z.string(),
  before: z.string().nullable(),
  after: z.string(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  notes: z.array(z.string()),
});
const resultJson = z.object({
  op: z.string(),
  description: z.string(),
  dryRun: z.boolean(),
  root: z.string(),
  changed: z.number(),
  unchanged: z.number(),
  journal: z.object({ seq: z.number() }).nullable(),
  changes: z.array(changeJson),
  errors: z.array(z.object({ file: z.string(), message: z.string() })),
});

function toJson(r: OperationResult) {
  return resultJson.parse({
    op: r.op,
    description: r.description,
    dryRun: r.dryRun,
    root: r.root,
    changed: r.changes.length,
    unchanged: r.unchanged,
    journal: r.journal,
    changes: r.changes.map((c) => ({ file: c.rel, image: c.image, before: c.before, after: c.after, added: c.added, removed: c.removed, notes: c.notes })),
    errors: r.errors.map((e) => ({ file: e.rel, message: e.message })),
  });
}

const MAX_LINES = 40;

function changeLine(c: FileChange): string {
  const parts = [...c.added.map((t) => `+${t}`), ...c.removed.map((t) => `-${t}`), ...c.notes.map((n) => `(${n})`)];
  return `  ${displayName(c.rel)}: ${parts.join(' ') || '(rewritten)'}`;
}

function countList(m: Map<string, number>, sign: string): string {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([t, n]) => `${sign}${t} ×${n}`)
    .join('  ');
}

function printResult(ctx: CommandContext, r: OperationResult): void {
  const verb = r.dryRun ? 'would change' : 'changed';
  writeLine(ctx.stdout, `${r.description}: ${r.changes.length} caption${r.changes.length === 1 ? '' : 's'} ${verb}, ${r.unchanged} unchanged${r.errors.length ? `, ${r.errors.length} failed` : ''}`);
  for (const c of r.changes.slice(0, MAX_LINES)) writeLine(ctx.stdout, changeLine(c));
  if (r.changes.length > MAX_LINES) writeLine(ctx.stdout, `  … ${r.changes.length - MAX_LINES} more (--json lists all)`);
  const s = summarizeChanges(r.changes);
  if (s.added.size) writeLine(ctx.stdout, `tags added:   ${countList(s.added, '+')}`);
  if (s.removed.size) writeLine(ctx.stdout, `tags removed: ${countList(s.removed, '-')}`);
  if (s.created) writeLine(ctx.stdout, `captions created: ${s.created}`);
  for (const e of r.errors) writeLine(ctx.stderr, `error: ${displayName(e.rel)}: ${e.message}`);
  if (r.dryRun && r.changes.length) writeLine(ctx.stdout, 'Dry run: nothing was written. Run again without --dry-run to apply.');
  else if (r.journal) writeLine(ctx.stdout, `Undo with: lorapilot captions undo`);
}

function needTrigger(ws: CaptionWorkspace): string {
  if (!ws.trigger) throw new UsageError(`no trigger word: run inside a project (lorapilot.yaml) or pass --trigger WORD`);
  return ws.trigger;
}

async function isDir(cwd: string, p: string): Promise<boolean> {
  return (await stat(resolve(cwd, p)).catch(() => null))?.isDirectory() ?? false;
}

/** Split positionals into the operation's arguments and an optional trailing DIR. */
async function splitArgs(op: string, pos: string[], cwd: string): Promise<{ args: string[]; dir?: string }> {
  const fixed: Record<string, number> = { 'ensure-tag': 1, 'replace-tag': 2 };
  if (op === 'remove-tag') {
    // TAG... [DIR]: the last word is DIR when it names a folder (a tag never contains '/').
    if (pos.length > 1 && (pos[pos.length - 1].includes('/') || (await isDir(cwd, pos[pos.length - 1])))) return { args: pos.slice(0, -1), dir: pos[pos.length - 1] };
    return { args: pos };
  }
  const n = fixed[op] ?? 0;
  if (pos.length > n + 1) throw new UsageError(`${op} takes ${n ? `${n} argument${n > 1 ? 's' : ''} and ` : ''}an optional DIR; got ${pos.length} words`);
  return { args: pos.slice(0, n), dir: pos[n] };
}

function buildOp(op: string, args: string[]): CaptionOp {
  switch (op) {
    case 'ensure-tag':
      if (args.length !== 1 || !args[0].trim() || args[0].includes(',')) throw new UsageError('ensure-tag takes one TAG (no commas)');
      return { kind: 'ensure-tag', tag: args[0].trim() };
    case 'remove-tag':
      if (args.length === 0) throw new UsageError('remove-tag takes at least one TAG');
      return { kind: 'remove-tag', tags: args };
    case 'replace-tag':
      if (args.length !== 2 || !args[1].trim() || args[1].includes(',')) throw new UsageError('replace-tag takes OLD and NEW (no commas in NEW)');
      return { kind: 'replace-tag', from: args[0], to: args[1].trim() };
    default:
      return { kind: op } as CaptionOp;
  }
}

function entryJson(e: JournalEntry | null) {
  return e ? { seq: e.seq, op: e.op, description: e.description, createdAt: e.createdAt, state: e.state, files: e.files.map((f) => f.rel) } : null;
}

export const captionsCommand: Command = {
  name: 'captions',
  summary: 'Review and fix captions: bulk operations with undo, WD14 auto-tagging',
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
    const json = values.json ?? false;
    const filter = values.folder !== undefined ? { folder: values.folder } : {};

    // Anything an earlier run left half-done is rolled back (or finished) before anything else.
    const recovered = await ws.journal.lock(() => ws.journal.recover()).catch((e) => {
      if (e instanceof JournalError) throw e;
      return [];
    });
    for (const r of recovered) {
      writeLine(ctx.stderr, `recovered: '${r.description}' was interrupted; ${r.action === 'rolled-back' ? 'rolled back' : 'finished'}${r.conflicts.length ? ` (${r.conflicts.length} file(s) changed since, left alone: ${r.conflicts.map((c) => displayName(c.rel)).join(', ')})` : ''}`);
    }

    try {
      switch (sub) {
        case 'undo':
        case 'redo': {
          const entry = sub === 'undo' ? await ws.journal.undo() : await ws.journal.redo();
          if (json) writeJson(ctx.stdout, { [sub]: entryJson(entry) });
          else if (!entry) writeLine(ctx.stdout, `nothing to ${sub}`);
          else writeLine(ctx.stdout, `${sub === 'undo' ? 'undone' : 'redone'}: ${entry.description} (${entry.files.length} caption${entry.files.length === 1 ? '' : 's'}, ${entry.createdAt})`);
          if (entry && ws.trigger) await recordCaptionsProgress(ws, (await loadCaptionReview(ws.root, ws.trigger)).items);
          return EXIT.ok;
        }
        case 'history': {
          const entries = await ws.journal.entries();
          if (json) writeJson(ctx.stdout, { entries: entries.map(entryJson) });
          else if (!entries.length) writeLine(ctx.stdout, 'no caption operations recorded');
          else for (const e of entries) writeLine(ctx.stdout, `${String(e.seq).padStart(4)}  ${e.state.padEnd(8)}  ${e.createdAt}  ${e.description} (${e.files.length} files)`);
          return EXIT.ok;
        }
        case 'list': {
          const review = await loadCaptionReview(ws.root, needTrigger(ws), filter);
          if (json) {
            writeJson(ctx.stdout, {
              root: ws.root,
              images: review.items.map((i) => ({ image: i.target.image.rel, caption: i.target.exists ? i.target.rel : null, text: i.text, problems: i.problems })),
            });
          } else {
            for (const i of review.items) {
              const status = i.problems.length ? i.problems.map((p) => p.message).join('; ') : 'ok';
              writeLine(ctx.stdout, `${displayName(i.target.image.rel)}  [${status}]`);
              if (i.text !== null) writeLine(ctx.stdout, `    ${i.tags.join(', ')}`);
            }
            const bad = review.items.filter((i) => i.problems.length).length;
            writeLine(ctx.stdout, `${review.items.length} images, ${review.items.length - bad} ok, ${bad} with problems`);
          }
          await recordCaptionsProgress(ws, review.items);
          return EXIT.ok;
        }
        case 'stats': {
          const review = await loadCaptionReview(ws.root, ws.trigger ?? '\u0000', filter);
          const freq = tagFrequency(review.items.filter((i) => i.text !== null).map((i) => i.text!));
          const captioned = review.items.filter((i) => i.text !== null).length;
          if (json) writeJson(ctx.stdout, { root: ws.root, folder: values.folder ?? null, images: review.items.length, captioned, tags: freq.map((f) => ({ tag: f.tag, images: f.images })) });
          else {
            writeLine(ctx.stdout, `${review.items.length} images, ${captioned} captioned, ${freq.length} distinct tags${values.folder ? ` in ${values.folder}` : ''}`);
            const w = Math.min(40, Math.max(3, ...freq.map((f) => f.tag.length)));
            for (const f of freq) writeLine(ctx.stdout, `  ${String(f.images).padStart(5)}  ${(captioned ? Math.round((100 * f.images) / captioned) : 0).toString().padStart(3)}%  ${f.tag.padEnd(w)}`.trimEnd());
          }
          return EXIT.ok;
        }
        case 'tag': {
          const modelDir = values.model ? resolve(ctx.cwd, values.model) : ws.tagger?.model;
          if (!modelDir) throw new UsageError('tag needs --model DIR (a folder with model.onnx and selected_tags.csv); it is remembered in lorapilot.yaml');
          const mode = values.mode ?? 'merge';
          if (mode !== 'merge' && mode !== 'missing') throw new UsageError(`--mode is merge or missing, not '${mode}'`);
          const general = numberOption(values.general, 'general', { min: 0 }) ?? ws.tagger?.general ?? DEFAULT_THRESHOLDS.general;
          const character = numberOption(values.character, 'character', { min: 0 }) ?? ws.tagger?.character ?? DEFAULT_THRESHOLDS.character;
          if (general > 1 || character > 1) throw new UsageError('thresholds are probabilities between 0 and 1');
          const threads = numberOption(values.threads, 'threads', { integer: true, min: 1 });
          const progressOut = ctx.stderr as NodeJS.WriteStream;
          const live = !json && Boolean(progressOut.isTTY);
          const r = await runAutoTag({
            ws,
            trigger: needTrigger(ws),
            modelDir,
            thresholds: { general, character },
            mode,
            filter,
            dryRun: values['dry-run'] ?? false,
            threads,
            onProgress: (p) => {
              if (!live) return;
              const width = 24;
              const filled = Math.round((p.done / Math.max(1, p.total)) * width);
              const rate = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 1000 : 0;
              progressOut.write(`\r\x1b[2K${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${p.done}/${p.total}  ${rate.toFixed(1)} img/s  ETA ${formatDuration(p.etaSeconds ?? NaN)}`);
              if (p.done === p.total) progressOut.write('\r\x1b[2K');
            },
          });
          if (json) writeJson(ctx.stdout, { ...toJson(r.result), tagged: r.tagged, imagesPerSecond: r.imagesPerSecond });
          else {
            writeLine(ctx.stdout, `tagged ${r.tagged} image${r.tagged === 1 ? '' : 's'} in ${(r.elapsedMs / 1000).toFixed(1)} s (${r.imagesPerSecond.toFixed(1)} img/s, model input ${r.size}×${r.size})`);
            printResult(ctx, r.result);
          }
          if (!r.result.dryRun) await recordCaptionsProgress(ws, (await loadCaptionReview(ws.root, needTrigger(ws))).items);
          if (await rememberTaggerModel(ws, modelDir)) {
            if (!json) writeLine(ctx.stdout, `The model folder is remembered in lorapilot.yaml (captions.tagger.model): next time --model can be left out.`);
          }
          return r.result.errors.length ? EXIT.failed : EXIT.ok;
        }
        default: {
          const op = buildOp(sub, args);
          const needsTrigger = op.kind === 'ensure-trigger' || op.kind === 'create-missing' || op.kind === 'ensure-tag';
          const trigger = needsTrigger ? needTrigger(ws) : (ws.trigger ?? '');
          const r = await runOperation(op, { root: ws.root, journal: ws.journal, ctx: { trigger, identityTags: ws.identityTags }, filter, dryRun: values['dry-run'] ?? false });
          if (json) writeJson(ctx.stdout, toJson(r));
          else printResult(ctx, r);
          if (!r.dryRun && ws.trigger) await recordCaptionsProgress(ws, (await loadCaptionReview(ws.root, ws.trigger)).items);
          return r.errors.length ? EXIT.failed : EXIT.ok;
        }
      }
    } catch (e) {
      if (e instanceof JournalError || e instanceof TaggerError) {
        if (json) writeJson(ctx.stdout, { error: e.message, files: e instanceof JournalError ? e.files.map((f) => f.rel) : [] });
        writeLine(ctx.stderr, `lorapilot captions ${sub}: ${e.message}`);
        return EXIT.failed;
      }
      throw e;
    }
  },
};
