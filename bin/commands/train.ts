import { EXIT, writeLine, type Command } from '../command.js';

export const trainCommand: Command = {
  name: 'train',
  summary: 'Upload and launch training on the pod, detached from SSH',
  usage: 'Usage: lorapilot train',
  async run(_args, ctx) {
    writeLine(ctx.stderr, 'lorapilot train: not available in this build');
    return EXIT.failed;
  },
};
