import { EXIT, writeLine, type Command } from '../command.js';

export const podCommand: Command = {
  name: 'pod',
  summary: 'Pod: doctor, setup and dataset upload over SSH',
  usage: 'Usage: lorapilot pod',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot pod: not available in this build');
    return EXIT.failed;
  },
};
