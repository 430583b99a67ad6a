import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { EXIT, parseCommandArgs, UsageError, writeJson, writeLine, type Command } from '../command.js';
import { createProject, datasetFolder, initJsonSchema, projectFile, projectSchema, PROJECT_FILE } from '../../src/project/index.js';

export const initCommand: Command = {
  name: 'init',
  usage: [
    'Usage: lorapilot init [DIR] [--name NAME] [--trigger WORD] [--dataset PATH] [--preset ID] [--host HOST] [--local] [--force] [--json]',
    '',
    '  --name     character name, also the ai-toolkit job name ([A-Za-z0-9_-])',
    '  --trigger  trigger word: unique, not an ordinary word (e.g. maya_char)',
    '  --dataset  dataset folder relative to DIR (default: dataset)',
    '  --preset   model preset (see lorapilot config build --help)',
    '  --host     pod: a ~/.ssh/config alias or user@host:port',
    '  --local    train on this machine instead of a pod',
    '  --force    overwrite an existing lorapilot.yaml',
    '  --json     print the project created as JSON',
    '',
    'In a terminal, missing values are asked for; piped, --name and --trigger are required.',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      name: { type: 'string' },
      trigger: { type: 'string' },
      dataset: { type: 'string' },
      preset: { type: 'string' },
      host: { type: 'string' },
      local: { type: 'boolean' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const dir = resolve(ctx.cwd, positionals[0] ?? '.');
    if (existsSync(projectFile(dir)) && !values.force) {
      writeLine(ctx.stderr, `${projectFile(dir)} exists; use --force to overwrite it.`);
      return EXIT.failed;
    }
    let { name, trigger, dataset } = values;
    if ((!name || !trigger) && ctx.tty && !values.json) {
      const rl = createInterface({ input: ctx.stdin, output: ctx.stdout });
      try {
        name ??= await ask(rl, 'Character name (letters, digits, _ -): ', (v) => projectSchema.shape.name.safeParse(v));
        trigger ??= await ask(rl, `Trigger word [${name.toLowerCase()}_char]: `, (v) => projectSchema.shape.trigger.safeParse(v), `${name.toLowerCase()}_char`);
        dataset ??= (await rl.question('Dataset folder [dataset]: ')).trim() || 'dataset';
      } finally {
        rl.close();
      }
    }
    if (!name || !trigger) throw new UsageError('--name and --trigger are required when not in a terminal');
    const parsed = projectSchema.safeParse({
      name,
      trigger,
      dataset: dataset ?? 'dataset',
      preset: values.preset,
      pod: values.local ? { target: 'local' } : values.host ? { target: 'ssh', host: values.host } : undefined,
    });
    if (!parsed.success) {
      for (const i of parsed.error.issues) writeLine(ctx.stderr, `${i.path.join('.') || 'project'}: ${i.message}`);
      return EXIT.usage;
    }
    await mkdir(dir, { recursive: true });
    const project = await createProject(dir, parsed.data);
    const datasetDir = datasetFolder(dir, project);
    if (values.json) {
      writeJson(ctx.stdout, initJsonSchema.parse({ file: projectFile(dir), project, dataset: datasetDir, datasetExists: existsSync(datasetDir) }));
      return EXIT.ok;
    }
    writeLine(ctx.stdout, `Created ${PROJECT_FILE} for ${project.name} (trigger ${project.trigger}).`);
    if (!existsSync(datasetDir)) writeLine(ctx.stdout, `Put the images in ${datasetDir}, then run 'lorapilot check'.`);
    else writeLine(ctx.stdout, "Next: 'lorapilot check' (or 'lorapilot' for the wizard).");
    return EXIT.ok;
  },
};

async function ask(
  rl: ReturnType<typeof createInterface>,
  prompt: string,
  check: (v: string) => { success: boolean; error?: { issues: Array<{ message: string }> } },
  fallback?: string,
): Promise<string> {
  for (;;) {
    const v = (await rl.question(prompt)).trim() || fallback || '';
    const r = check(v);
    if (r.success) return v;
    rl.write(`  ${r.error?.issues[0]?.message ?? 'invalid'}\n`);
  }
}
