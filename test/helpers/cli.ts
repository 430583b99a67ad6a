import { PassThrough } from 'node:stream';
import { main } from '../../bin/main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Run a lorapilot command in-process without a terminal, as a script or CI would, and capture its output. */
export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, { cwd, stdout, stderr, stdin: new PassThrough(), tty: false, env });
  return { code, out, err };
}
