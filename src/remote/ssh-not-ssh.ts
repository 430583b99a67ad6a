import { stripAnsi } from '../text/sanitize.js';

/** How many of a server's first bytes are kept to say what it is when it turns out not to speak SSH. */
export const HEAD_BYTES = 512;

/**
 * What a server that did not complete an SSH handshake sent, in words: an HTTP server (a web port given
 * instead of the SSH port), an SSH banner followed by nothing usable, silence, or bytes that are no protocol
 * lorapilot knows. `closed` says whether it hung up (else it stopped answering).
 */
export function notSshText(where: string, head: Buffer, closed: boolean): string {
  const text = head.toString('latin1');
  if (head.length === 0) return closed ? `${where} closed the connection without sending anything: it is not an SSH server, or it refuses this machine` : `${where} accepted the connection but sent nothing: it is not an SSH server`;
  if (/^HTTP\/\d/.test(text) || /^\s*<(!doctype|html)/i.test(text)) {
    return `${where} answers in HTTP: it is a web port, not an SSH server (use the pod's SSH TCP port)`;
  }
  const banner = /^SSH-[^\r\n]*/m.exec(text)?.[0];
  if (banner) {
    const what = stripAnsi(banner).slice(0, 120);
    return closed
      ? `${where} sent an SSH greeting (${what}) and then closed the connection before the handshake: the server is not ready, or a proxy in front of it could not reach it`
      : `${where} sent an SSH greeting (${what}) and then bytes that are not SSH: not a working SSH server`;
  }
  const shown = stripAnsi(text.replace(/[^\x20-\x7e]/g, '.')).slice(0, 40);
  return `${where} is not an SSH server: it sent ${head.length >= HEAD_BYTES ? `${HEAD_BYTES}+` : head.length} bytes that are not an SSH greeting ("${shown}")`;
}
