import type ssh2 from 'ssh2';

/**
 * ssh2 loads with the first connection, so a command that never connects starts without it.
 * It is CommonJS: named imports of its values fail under Node's ESM loader, hence the default export.
 */
export async function loadSsh2(): Promise<typeof ssh2> {
  return (await import('ssh2')).default;
}
