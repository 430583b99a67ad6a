/**
 * Where a JPEG's image data ends. A file whose last bytes are not the end marker (FFD9) is not always cut
 * short: phone "motion photos" and some editors append a video or metadata after it, and decoders (PIL in
 * ai-toolkit) stop at the marker. Walking the segments and the entropy-coded scans finds the real end: in
 * scan data an FF byte is always followed by 00 (stuffing) or a restart marker, so the first other marker
 * after a scan is the next segment, and FFD9 is the end of the image.
 */

/** Offset just past the image's end marker, or null when the bytes end first (a truncated file). Pure. */
export function jpegImageEnd(b: Uint8Array): number | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 1 < b.length) {
    if (b[i] !== 0xff) return null; // not at a marker: corrupt, and treated like a cut
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9) return i + 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (i + 3 >= b.length) return null;
    const len = (b[i + 2] << 8) | b[i + 3];
    i += 2 + len;
    if (marker !== 0xda) continue;
    // Entropy-coded data of a scan: up to the next marker that is not stuffing or a restart.
    while (i + 1 < b.length) {
      if (b[i] === 0xff) {
        const next = b[i + 1];
        if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
      }
      i++;
    }
    if (i + 1 >= b.length) return null;
  }
  return null;
}
