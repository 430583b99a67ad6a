import { EXIT, writeLine, type Command } from '../command.js';

export const configCommand: Command = {
  name: 'config',
  summary: 'Build an ai-toolkit config from the dataset, or lint one',
  usage: 'Usage: lorapilot config',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot config: not available in this build');
    return EXIT.failed;
  },
};
