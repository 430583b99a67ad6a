import { checkDataset, type CheckProgress } from '../../src/dataset/check.js';
import { checkOptionsFor, checkProgressLabel } from '../../src/dataset/check-request.js';
import { formatReport } from '../../src/dataset/format.js';
import { recordDatasetProgress, shouldRecordCheck } from '../../src/dataset/record.js';
import { checkReportSchema } from '../../src/dataset/report.js';
import { formatProblems, locateDataset, PROJECT_FILE } from '../../src/project/index.js';
import { EXIT, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { oneLine } from '../../src/text/sanitize.js';

const USAGE = `Usage: lorapilot check [DIR] [--json] [--fast] [--no-faces] [--trigger WORD]

Check a dataset the way the guide lays it out and the way ai-toolkit reads it: folder layout
(40_name/, 20_name_realbody/), counts and balance, image files (size, format, corruption, duplicates,
blur), captions (trigger word, realistic_body, encoding, length), shot composition and faces (one
per character image, the same person throughout, none in real-body images).

DIR defaults to the dataset of the project in this folder (lorapilot.yaml), else this folder.
DIR may also be a project folder.

Options:
  --json          print the report as JSON
  --fast          skip the decode-based rules (corruption, blur, near duplicates, faces)
  --no-faces      skip the face rules (checked in a project, cached in .lorapilot/faces.json;
                  they need @vladmandic/face-api)
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
      'no-faces': { type: 'boolean' },
      trigger: { type: 'string' },
    });
    if (positionals.length > 1) {
      writeLine(ctx.stderr, `lorapilot check: one folder at most (got ${positionals.length})`);
      return EXIT.usage;
    }

    const where = await locateDataset(ctx.cwd, positionals[0]);
    if (!where.ok) {
      writeLine(ctx.stderr, formatProblems(where.file, where.problems));
      writeLine(ctx.stderr, 'lorapilot check: fix lorapilot.yaml, or pass the dataset folder: lorapilot check DIR');
      return EXIT.failed;
    }
    const stderr = ctx.stderr as NodeJS.WriteStream;
    const showProgress = Boolean(stderr.isTTY) && !values.json;
    let lastLine = 0;
    const onProgress = showProgress
      ? (p: CheckProgress) => {
          const now = Date.now();
          if (p.phase !== 'done' && now - lastLine < 100) return;
          lastLine = now;
          stderr.write(`\r\u001b[2K${oneLine(checkProgressLabel(p))}`);
        }
      : undefined;

    const report = await checkDataset(where.dir, { ...checkOptionsFor(where.project, { trigger: values.trigger, fast: values.fast, faces: !values['no-faces'], projectDir: where.projectDir }), onProgress });
    if (showProgress) stderr.write('\r\u001b[2K');

    if (where.projectDir && shouldRecordCheck(report)) {
      await recordDatasetProgress(where.projectDir, report).catch((e: Error) => writeLine(ctx.stderr, `lorapilot check: could not record progress in ${PROJECT_FILE}: ${e.message}`));
    }
    if (values.json) writeJson(ctx.stdout, checkReportSchema.parse(report));
    else writeLine(ctx.stdout, formatReport(report));
    return report.counts.error > 0 ? EXIT.failed : EXIT.ok;
  },
};
