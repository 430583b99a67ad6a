import { EXIT, writeLine, type Command } from '../command.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Create a demo project with a generated dataset and open it',
  usage: 'Usage: lorapilot demo',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot demo: not available in this build');
    return EXIT.failed;
  },
};
