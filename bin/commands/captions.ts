import { EXIT, writeLine, type Command } from '../command.js';

export const captionsCommand: Command = {
  name: 'captions',
  summary: 'Review and fix captions: bulk operations with undo, WD14 auto-tagging',
  usage: 'Usage: lorapilot captions',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot captions: not available in this build');
    return EXIT.failed;
  },
};
