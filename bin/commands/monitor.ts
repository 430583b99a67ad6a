import { EXIT, writeLine, type Command } from '../command.js';

export const monitorCommand: Command = {
  name: 'monitor',
  summary: 'Watch a run: live loss chart, samples and red flags',
  usage: 'Usage: lorapilot monitor',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot monitor: not available in this build');
    return EXIT.failed;
  },
};
