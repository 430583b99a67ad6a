import { resolve } from 'node:path';
import { EXIT, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { formatProblems, loadProject, STEP_IDS } from '../../src/project/index.js';

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
      if (values.json) writeJson(ctx.stdout, { ok: false, file: r.file, problems: r.problems });
      else if (r.missing) {
        writeLine(ctx.stderr, `No lorapilot project in ${dir}.`);
        writeLine(ctx.stderr, "Create one with 'lorapilot init', or try 'lorapilot demo' to explore with a generated dataset.");
      } else writeLine(ctx.stderr, formatProblems(r.file, r.problems));
      return EXIT.failed;
    }
    const p = r.project;
    if (values.json) {
      writeJson(ctx.stdout, { ok: true, file: r.file, project: p });
      return EXIT.ok;
    }
    writeLine(ctx.stdout, `${p.name} (trigger ${p.trigger})${p.demo ? ' — demo project' : ''}`);
    writeLine(ctx.stdout, `  dataset  ${p.dataset}`);
    if (p.config.preset ?? p.preset) writeLine(ctx.stdout, `  preset   ${p.config.preset ?? p.preset}`);
    if (p.pod?.host || p.pod?.target === 'local') writeLine(ctx.stdout, `  pod      ${p.pod.target === 'local' ? 'this machine' : p.pod.host}`);
    if (p.job) writeLine(ctx.stdout, `  job      ${p.job.name} on ${p.job.host} (${p.job.folder})`);
    writeLine(ctx.stdout, '');
    STEP_IDS.forEach((s, i) => {
      const st = p.progress[s];
      const mark = st?.status === 'done' ? '✔' : st?.status === 'attention' ? '▲' : '·';
      writeLine(ctx.stdout, `  ${mark} ${i + 1} ${s.padEnd(12)}${st?.summary ?? (st ? st.status : 'not started')}`);
    });
    return EXIT.ok;
  },
};
