import { pathToFileURL } from 'node:url';

/**
 * Run a benchmark's `main()` when its file is the one node was started with (`node --import tsx
 * bench/<name>.ts`, as bench/run.ts does), then exit: a lingering SSH socket or timer must not keep a
 * finished benchmark alive. A failure prints its error and exits 1.
 */
export function runIfMain(moduleUrl: string, main: () => Promise<unknown>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
