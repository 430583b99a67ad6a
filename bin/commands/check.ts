import { EXIT, writeLine, type Command } from '../command.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check a dataset: layout, counts, images, captions, composition',
  usage: 'Usage: lorapilot check',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot check: not available in this build');
    return EXIT.failed;
  },
};
