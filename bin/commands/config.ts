import { EXIT, UsageError, writeLine, type Command } from '../command.js';
import { SYMPTOMS } from '../../src/config/tuning.js';
import { ProjectError } from '../../src/project/index.js';
import { build } from './config/build.js';
import { lint } from './config/lint.js';
import { presets } from './config/presets.js';
import { tune } from './config/tune.js';

const USAGE = `Usage: lorapilot config                          open the Config screen (in a terminal)
       lorapilot config build [OPTIONS]          write the ai-toolkit config for this project
       lorapilot config lint [FILE] [OPTIONS]    check any ai-toolkit config (YAML, JSON, .job_config.json);
                                                 without FILE, the project's config
       lorapilot config presets [--json]         list the model presets
       lorapilot config tune [SYMPTOM] [--apply] [--json]
                                                 advice for what the samples show; --apply changes the config

build options (defaults: the project's last choices, then the preset):
  --preset P             model preset (lorapilot config presets)
  --vram 48|24           GPU memory to plan for (48 = L40S)
  --rank N  --alpha N    LoRA rank (linear) and linear_alpha (default alpha = rank)
  --lr X                 learning rate, e.g. 1e-4
  --epochs N | --steps N run length in ai-toolkit epochs, or in steps
  --resolution LIST      e.g. 1024 or 512,768,1024 (each size is a full copy of the dataset per epoch)
  --batch N              batch size
  --grad-accum N         gradient accumulation (batches per step)
  --caption-dropout X    0..1
  --prompt TEXT          a sample prompt (repeat for several; [trigger] stands for the trigger word);
                         default: the guide's test prompts
  -o, --output FILE      where to write (default: <project>/ai-toolkit.yaml)
  --dry-run              print the YAML instead of writing it
  --json                 print the result as JSON

lint options:
  --target runpod|local  runpod: dataset and training paths must be under /workspace
  --dataset DIR          dataset folder, to check steps against real epochs (default: the project's)
  --json                 print findings as JSON

Symptoms: ${SYMPTOMS.join(', ')}
Exit codes: 0 ok, 1 errors found (lint) or failed, 2 usage.`;

export const configCommand: Command = {
  name: 'config',
  usage: USAGE,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    try {
      switch (sub) {
        case 'build':
          return await build(rest, ctx);
        case 'lint':
          return await lint(rest, ctx);
        case 'presets':
          return presets(rest, ctx);
        case 'tune':
          return await tune(rest, ctx);
        case undefined:
          // In a terminal the bare command opens the Config screen; piped, it prints the usage.
          if (ctx.tty) {
            const { openWizard } = await import('../wizard.js');
            return await openWizard({ dir: ctx.cwd, step: 'config' });
          }
          writeLine(ctx.stdout, USAGE);
          return EXIT.ok;
        default:
          throw new UsageError(`unknown subcommand '${sub}' (build, lint, presets, tune)`);
      }
    } catch (e) {
      if (e instanceof ProjectError) {
        writeLine(ctx.stderr, e.missing ? `lorapilot config: no lorapilot.yaml in ${ctx.cwd}. Run 'lorapilot init' first.` : `lorapilot config: the project file has problems:\n${e.message}`);
        return EXIT.failed;
      }
      throw e;
    }
  },
};
