import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXIT, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { invocation } from '../invocation.js';
import { packageRoot } from '../package-root.js';
import { openWizard } from '../wizard.js';
import { generateDemoDataset } from '../../src/dataset/demo.js';
import { demoJsonSchema } from '../../src/dataset/demo-json.js';
import { createProject, loadProject, projectFile } from '../../src/project/index.js';

/** The rehearsal ai-toolkit shipped with lorapilot: same command line and output as the real trainer. */
export function rehearsalToolkitPath(): string {
  return join(packageRoot(), 'rehearsal', 'ai-toolkit');
}

export const demoCommand: Command = {
  name: 'demo',
  usage: [
    'Usage: lorapilot demo [DIR] [--reset] [--no-open] [--json]',
    '',
    'Creates DIR (default: ./lorapilot-demo) with a generated dataset of real images and captions, a handful',
    'of planted mistakes of every kind `lorapilot check` knows, and a project that trains on this machine with',
    'the rehearsal trainer (ai-toolkit\'s exact console output and files, no GPU), then opens the wizard.',
    '',
    '  --reset    regenerate the dataset and project if DIR already holds the demo',
    '  --no-open  create the project but do not open the wizard',
    '  --json     print what was created as JSON',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      reset: { type: 'boolean' },
      'no-open': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const dir = resolve(ctx.cwd, positionals[0] ?? 'lorapilot-demo');
    const existing = await loadProject(dir);
    if (existing.ok && !existing.project.demo) {
      writeLine(ctx.stderr, `${projectFile(dir)} is a real project, not the demo; choose another folder.`);
      return EXIT.failed;
    }
    if (!existing.ok && !existing.missing) {
      writeLine(ctx.stderr, `${projectFile(dir)} is not a valid project; choose another folder for the demo.`);
      return EXIT.failed;
    }
    let created = false;
    let planted = 0;
    let images = 0;
    if (!existing.ok || values.reset || !existsSync(join(dir, 'dataset'))) {
      await mkdir(dir, { recursive: true });
      const name = 'maya';
      const trigger = 'maya_char';
      // Only the demo's own dataset is ever overwritten; a folder holding other data is refused.
      const ownDemo = existing.ok && existing.project.demo === true;
      let ds;
      try {
        ds = await generateDemoDataset(dir, { name, trigger, overwrite: ownDemo });
      } catch (e) {
        writeLine(ctx.stderr, `${(e as Error).message}. Choose an empty folder: lorapilot demo DIR`);
        return EXIT.failed;
      }
      planted = ds.planted.length;
      images = ds.images;
      await createProject(dir, {
        name,
        trigger,
        dataset: 'dataset',
        demo: true,
        pod: { target: 'local', root: join(dir, '.pod'), aiToolkit: rehearsalToolkitPath(), stopPodWhenDone: false },
      });
      created = true;
    }
    if (values.json) {
      writeJson(ctx.stdout, demoJsonSchema.parse({ dir, created, images, planted, project: projectFile(dir) }));
      return EXIT.ok;
    }
    if (created) {
      writeLine(ctx.stdout, `Demo project in ${dir}: ${images} images with ${planted} planted mistakes to find and fix.`);
      writeLine(ctx.stdout, 'It trains on this machine with the rehearsal trainer (no GPU, no pod).');
    } else writeLine(ctx.stdout, `Opening the demo project in ${dir} (use --reset to start over).`);
    if (ctx.tty && !values['no-open']) return openWizard({ dir });
    writeLine(ctx.stdout, '');
    writeLine(ctx.stdout, `Next: cd ${JSON.stringify(dir)} && ${invocation(dir, ctx.env)} check`);
    return EXIT.ok;
  },
};
