import { resolve } from 'node:path';
import { EXIT, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { formatProblems, loadProject, resumeStep, stepMark, stepRows, type StatusJson } from '../../src/project/index.js';
import { glyph } from '../../src/text/glyphs.js';
import { runpodStatusLines } from '../../src/pod/runpod-report.js';
import { recordedEta } from '../../src/training/recorded-eta.js';

export const statusCommand: Command = {
  name: 'status',
  usage: [
    'Usage: lorapilot status [DIR] [--json]',
    '',
    'Print the project, its six steps and the remote job. Exit 1 when lorapilot.yaml is missing or invalid.',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const dir = resolve(ctx.cwd, positionals[0] ?? '.');
    const r = await loadProject(dir);
    if (!r.ok) {
      if (values.json) writeJson(ctx.stdout, { ok: false, file: r.file, problems: r.problems } satisfies StatusJson);
      else if (r.missing) {
        writeLine(ctx.stderr, `No lorapilot project in ${dir}.`);
        writeLine(ctx.stderr, "Create one with 'lorapilot init', or try 'lorapilot demo' to explore with a generated dataset.");
      } else writeLine(ctx.stderr, formatProblems(r.file, r.problems));
      return EXIT.failed;
    }
    const p = r.project;
    const steps = stepRows(p);
    if (values.json) {
      writeJson(ctx.stdout, { ok: true, file: r.file, project: p, steps, resume: resumeStep(p) } satisfies StatusJson);
      return EXIT.ok;
    }
    writeLine(ctx.stdout, `${p.name} (trigger ${p.trigger})${p.demo ? ' — demo project' : ''}`);
    writeLine(ctx.stdout, `  dataset  ${p.dataset}`);
    if (p.config.preset ?? p.preset) writeLine(ctx.stdout, `  preset   ${p.config.preset ?? p.preset}`);
    if (p.pod?.host || p.pod?.target === 'local') writeLine(ctx.stdout, `  pod      ${p.pod.target === 'local' ? 'this machine' : p.pod.host}`);
    if (p.job) writeLine(ctx.stdout, `  job      ${p.job.name} on ${p.job.host} (${p.job.folder})`);
    const now = new Date();
    const eta = p.runpod?.podId ? await recordedEta(dir, p, now) : null;
    for (const l of runpodStatusLines(p, now, eta)) writeLine(ctx.stdout, `  ${l}`);
    writeLine(ctx.stdout, '');
    for (const s of steps) writeLine(ctx.stdout, `  ${glyph[stepMark(s.state)]} ${s.number} ${s.id.padEnd(12)}${s.summary}`);
    return EXIT.ok;
  },
};
