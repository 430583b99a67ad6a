import { EXIT, writeLine, type Command } from '../command.js';

export const attachCommand: Command = {
  name: 'attach',
  summary: 'Re-attach to the running job log by byte offset',
  usage: 'Usage: lorapilot attach',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot attach: not available in this build');
    return EXIT.failed;
  },
};
