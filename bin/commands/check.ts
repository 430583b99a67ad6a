import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkDataset, type CheckProgress } from '../../src/dataset/check.js';
import { formatReport } from '../../src/dataset/format.js';
import { projectDataset, recordDatasetProgress } from '../../src/dataset/record.js';
import { checkReportSchema } from '../../src/dataset/report.js';
import { formatProblems, loadProject, PROJECT_FILE } from '../../src/project/index.js';
import { EXIT, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';

const USAGE = `Usage: lorapilot check [DIR] [--json] [--fast] [--trigger WORD]

Check a dataset the way the guide lays it out and the way ai-toolkit reads it: folder layout
(40_name/, 20_name_realbody/), counts and balance, image files (size, format, corruption, duplicates,
blur), captions (trigger word, realistic_body, encoding, length) and shot composition.

DIR defaults to the dataset of the project in this folder (lorapilot.yaml), else this folder.
DIR may also be a project folder.

Options:
  --json          print the report as JSON
  --fast          skip the decode-based rules (corruption, blur, near duplicates)
  --trigger WORD  the trigger word (default: the project's, else the captions' first tag)

Exit codes: 0 no errors, 1 errors found, 2 usage.
In a project, the result is recorded in lorapilot.yaml (progress.dataset).`;

export const checkCommand: Command = {
  name: 'check',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      fast: { type: 'boolean' },
      trigger: { type: 'string' },
    });
    if (positionals.length > 1) {
      writeLine(ctx.stderr, `lorapilot check: one folder at most (got ${positionals.length})`);
      return EXIT.usage;
    }

    // Which folder, and which project (if any) owns it.
    const arg = positionals[0] ? resolve(ctx.cwd, positionals[0]) : null;
    const projectDir = arg && existsSync(resolve(arg, PROJECT_FILE)) ? arg : !arg ? ctx.cwd : null;
    let dir = arg ?? ctx.cwd;
    let project = projectDir ? await projectDataset(projectDir) : null;
    if (projectDir && !project && existsSync(resolve(projectDir, PROJECT_FILE))) {
      const r = await loadProject(projectDir);
      if (!r.ok) {
        writeLine(ctx.stderr, formatProblems(r.file, r.problems));
        writeLine(ctx.stderr, 'lorapilot check: fix lorapilot.yaml, or pass the dataset folder: lorapilot check DIR');
        return EXIT.failed;
      }
    }
    if (project && (!arg || arg === projectDir)) dir = project.dataset;
    // A DIR that is the project's dataset folder still records progress.
    if (!project && arg && existsSync(resolve(ctx.cwd, PROJECT_FILE))) {
      const p = await projectDataset(ctx.cwd);
      if (p && p.dataset === arg) project = p;
    }
    const ownerDir = project ? (projectDir && project.dataset === dir ? projectDir : ctx.cwd) : null;

    const trigger = values.trigger ?? project?.project.trigger ?? null;
    const stderr = ctx.stderr as NodeJS.WriteStream;
    const showProgress = Boolean(stderr.isTTY) && !values.json;
    let lastLine = 0;
    const onProgress = showProgress
      ? (p: CheckProgress) => {
          const now = Date.now();
          if (p.phase !== 'done' && now - lastLine < 100) return;
          lastLine = now;
          const text = p.phase === 'done' ? '' : p.phase === 'scan' ? 'scanning folders…' : `${p.phase === 'read' ? 'reading headers and captions' : 'decoding images'} ${p.done}/${p.total}`;
          stderr.write(`\r\u001b[2K${text}`);
        }
      : undefined;

    const report = await checkDataset(dir, {
      trigger,
      triggerSource: values.trigger ? 'option' : trigger ? 'project' : undefined,
      decode: !values.fast,
      onProgress,
    });
    if (showProgress) stderr.write('\r\u001b[2K');

    if (ownerDir && report.totals.images > 0) {
      await recordDatasetProgress(ownerDir, report).catch((e: Error) => writeLine(ctx.stderr, `lorapilot check: could not record progress in ${PROJECT_FILE}: ${e.message}`));
    }
    if (values.json) writeJson(ctx.stdout, checkReportSchema.parse(report));
    else writeLine(ctx.stdout, formatReport(report));
    return report.counts.error > 0 ? EXIT.failed : EXIT.ok;
  },
};
