/**
 * iTerm2 inline images (OSC 1337 File=): the image file (PNG or JPEG) base64 after a header with its byte size and the
 * cell box it is scaled into, aspect kept. There is no delete: the image lives in the cells it covers
 * until text is drawn over them.
 */
export function itermImage(file: Uint8Array, cols: number, rows: number): string {
  const b64 = Buffer.from(file).toString('base64');
  return `\u001b]1337;File=inline=1;size=${file.byteLength};width=${cols};height=${rows};preserveAspectRatio=1;doNotMoveCursor=1:${b64}\u0007`;
}
