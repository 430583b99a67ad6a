import type { Command } from '../command.js';

/**
 * What `lorapilot --help` lists, as plain data: a command's module (and everything it imports) loads
 * only when that command runs, so `--version`, `--help` and a mistyped name start at once.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Every command, in the order of the journey. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'status',
    summary: 'Where the project stands (in a terminal, `lorapilot` alone opens the wizard)',
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'init',
    summary: 'Create lorapilot.yaml for a character (asks, or takes every value as a flag)',
    load: async () => (await import('./init.js')).initCommand,
  },
  {
    name: 'demo',
    summary: 'Create a demo project with a generated dataset and open it (no pod needed)',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'check',
    summary: 'Check a dataset: layout, counts, images, captions, composition',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'captions',
    summary: 'Review and fix captions: bulk operations with undo, WD14 auto-tagging',
    load: async () => (await import('./captions.js')).captionsCommand,
  },
  {
    name: 'config',
    summary: 'Build an ai-toolkit config from the dataset, or lint one',
    load: async () => (await import('./config.js')).configCommand,
  },
  {
    name: 'pod',
    summary: 'Pod: doctor, setup and dataset upload over SSH; RunPod pods: create, list, stop, start, terminate',
    load: async () => (await import('./pod-runpod.js')).podWithRunpod,
  },
  {
    name: 'train',
    summary: 'Upload and launch training on the pod, detached from SSH',
    load: async () => (await import('./train.js')).trainCommand,
  },
  {
    name: 'attach',
    summary: 'Follow the running training log (resumes where it left off)',
    load: async () => (await import('./attach.js')).attachCommand,
  },
  {
    name: 'stop',
    summary: 'Stop the training run cleanly (SIGINT)',
    load: async () => (await import('./stop.js')).stopCommand,
  },
  {
    name: 'monitor',
    summary: 'Watch a run: live loss chart, samples and red flags',
    load: async () => (await import('./monitor.js')).monitorCommand,
  },
  {
    name: 'checkpoints',
    summary: 'List, compare, download, test and choose checkpoints',
    load: async () => (await import('./checkpoints.js')).checkpointsCommand,
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
