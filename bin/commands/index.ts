import type { Command } from '../command.js';
import { attachCommand } from './attach.js';
import { captionsCommand } from './captions.js';
import { checkCommand } from './check.js';
import { checkpointsCommand } from './checkpoints.js';
import { configCommand } from './config.js';
import { demoCommand } from './demo.js';
import { initCommand } from './init.js';
import { monitorCommand } from './monitor.js';
import { podCommand } from './pod.js';
import { statusCommand } from './status.js';
import { stopCommand } from './stop.js';
import { trainCommand } from './train.js';

/** Every command, in the order of the journey. */
export const COMMANDS: Command[] = [
  statusCommand,
  initCommand,
  demoCommand,
  checkCommand,
  captionsCommand,
  configCommand,
  podCommand,
  trainCommand,
  attachCommand,
  stopCommand,
  monitorCommand,
  checkpointsCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
