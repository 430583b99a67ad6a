/**
 * The kitty graphics protocol: a PNG sent base64 in chunks of at most 4096 bytes (m=1 on every chunk
 * but the last, m=0), transmitted and placed at the cursor in one command (a=T) under an image id,
 * scaled into `cols` × `rows` cells, the cursor left where it was (C=1), replies off (q=2).
 * Sending again under the same id replaces the image; a=d,d=I deletes it and its placements.
 */
export const KITTY_CHUNK = 4096;

export function kittyImage(id: number, png: Uint8Array, cols: number, rows: number): string {
  const b64 = Buffer.from(png).toString('base64');
  const out: string[] = [];
  for (let i = 0; i < b64.length || i === 0; i += KITTY_CHUNK) {
    const part = b64.slice(i, i + KITTY_CHUNK);
    const more = i + KITTY_CHUNK < b64.length ? 1 : 0;
    const keys = i === 0 ? `a=T,f=100,i=${id},p=1,c=${cols},r=${rows},C=1,q=2,m=${more}` : `m=${more}`;
    out.push(`\u001b_G${keys};${part}\u001b\\`);
  }
  return out.join('');
}

export function kittyDelete(id: number): string {
  return `\u001b_Ga=d,d=I,i=${id},q=2\u001b\\`;
}

/** Place an image already sent under `id` at the cursor again (the same placement id moves it). */
export function kittyPlace(id: number, cols: number, rows: number): string {
  return `\u001b_Ga=p,i=${id},p=1,c=${cols},r=${rows},C=1,q=2\u001b\\`;
}

/** Remove an image's placements but keep its data, so it can be placed again without resending. */
export function kittyHide(id: number): string {
  return `\u001b_Ga=d,d=i,i=${id},q=2\u001b\\`;
}
