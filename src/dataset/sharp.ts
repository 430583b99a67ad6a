import type sharpType from 'sharp';

let loaded: Promise<typeof sharpType> | null = null;

/**
 * sharp (libvips), loaded with the first image that is decoded or previewed, so commands and screens that
 * decode nothing start without it. Its operation cache is off: each file is decoded once per pass, and the
 * default cache (up to 50 MB of decoded pixels) would only hold memory in a long-running wizard.
 */
export function loadSharp(): Promise<typeof sharpType> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}
