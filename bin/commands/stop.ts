import { EXIT, writeLine, type Command } from '../command.js';

export const stopCommand: Command = {
  name: 'stop',
  summary: 'Stop the running job cleanly (SIGINT)',
  usage: 'Usage: lorapilot stop',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot stop: not available in this build');
    return EXIT.failed;
  },
};
