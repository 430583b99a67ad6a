import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';
import { stripAnsi } from '../text/sanitize.js';

/** The end of a failing proxy's stderr that goes into the error: its last words, not a whole log. */
const STDERR_KEPT = 2048;

export interface ProxyProcess {
  /** SSH goes over this: writes reach the command's stdin, its stdout is read. */
  sock: Duplex;
  /** Why the command stopped, once it has (exit code or signal, and the end of its stderr); null while it runs. */
  failure(): Promise<string | null>;
  /** Ends the command and everything it started. */
  kill(): void;
}

/**
 * Run a ProxyCommand as ssh does: `exec` it through /bin/sh so no shell lingers. It gets its own process group,
 * so a command that is a pipeline or starts helpers is ended whole when the connection ends.
 */
export function startProxyCommand(command: string, env: NodeJS.ProcessEnv = process.env): ProxyProcess {
  const child: ChildProcess = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEPT);
  });
  let spawnError: Error | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (e) => {
      spawnError = e;
      resolve();
    });
  });
  const kill = () => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  // A lorapilot that exits (or is interrupted) takes its proxy with it.
  process.once('exit', kill);
  void exited.then(() => process.off('exit', kill));
  const sock = Duplex.from({ readable: child.stdout!, writable: child.stdin! });
  child.stdin?.on('error', () => {}); // EPIPE after the command died: reported through failure()
  return {
    sock,
    kill,
    async failure() {
      // The stream closes a moment before the exit is reported; wait for it, briefly.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, 1000)))]);
      clearTimeout(timer);
      const err = spawnError as Error | null;
      if (err) return `it could not start: ${err.message}`;
      if (child.exitCode === null && child.signalCode === null) return null;
      const how = child.exitCode !== null ? `exited with code ${child.exitCode}` : `was ended by ${child.signalCode}`;
      const said = stripAnsi(stderr).trim();
      return said ? `it ${how}: ${said}` : `it ${how} without a word on stderr`;
    },
  };
}
