import { createRequire } from 'node:module';

interface Scheduler {
  unstable_scheduleCallback(priority: number, callback: () => void): unknown;
  unstable_IdlePriority: number;
}

// The scheduler instance Ink's React renderer queues its work on: resolved through ink → react-reconciler.
const fromInk = createRequire(createRequire(import.meta.url).resolve('ink'));
const scheduler = createRequire(fromInk.resolve('react-reconciler'))('scheduler') as Scheduler;

/** Resolves when the scheduler has run every task queued before it (an idle task runs after all others). */
function idleTask(): Promise<void> {
  return new Promise((resolve) => scheduler.unstable_scheduleCallback(scheduler.unstable_IdlePriority, resolve));
}

/**
 * Wait until React has nothing left to do for what already happened: renders, commits and the effects of
 * those commits. A state update made in an effect is queued from a microtask, after an idle task queued
 * earlier, so repeat while the last round still committed something (every commit writes a frame).
 */
export async function reactIdle(commits: () => number): Promise<void> {
  // Ink emits a lone ESC from a setImmediate queued at write time; this one runs after it.
  await new Promise<void>((r) => setImmediate(r));
  for (;;) {
    const before = commits();
    await idleTask();
    if (commits() === before) return;
  }
}
