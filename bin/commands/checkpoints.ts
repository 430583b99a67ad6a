import { EXIT, writeLine, type Command } from '../command.js';

export const checkpointsCommand: Command = {
  name: 'checkpoints',
  summary: 'List, compare, download and choose checkpoints',
  usage: 'Usage: lorapilot checkpoints',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot checkpoints: not available in this build');
    return EXIT.failed;
  },
};
