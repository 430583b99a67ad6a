import type sharpType from 'sharp';
import type { RgbImage } from './types.js';

/**
 * Decoding for face detection. sharp loads with the first image, so commands that score no face never load it.
 * Images are shrunk on load: the SSD detector looks at 512², so more pixels only cost time.
 */
export const DETECT_SIDE = 1024;
/** The perceptual hash's grey thumbnail side. */
export const HASH_SIDE = 32;

let loaded: Promise<typeof sharpType> | null = null;

function loadSharp(): Promise<typeof sharpType> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}

export interface DecodedForFaces {
  rgb: RgbImage;
  /** HASH_SIDE² greyscale, for the perceptual hash. */
  grey: Uint8Array;
  /** Size of the original image, so boxes can be told in its pixels. */
  width: number;
  height: number;
}

export async function decodeForFaces(input: string | Uint8Array): Promise<DecodedForFaces> {
  const sharp = await loadSharp();
  // EXIF orientation applied: a phone photo's face is upright, as the trainer sees it.
  const base = sharp(input, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
  const meta = await base.clone().metadata();
  const { data, info } = await base
    .clone()
    .resize(DETECT_SIDE, DETECT_SIDE, { fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey = await base.clone().removeAlpha().greyscale().resize(HASH_SIDE, HASH_SIDE, { fit: 'fill' }).raw().toBuffer();
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? info.width;
  const height = (swap ? meta.width : meta.height) ?? info.height;
  return { rgb: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height }, grey: new Uint8Array(grey), width, height };
}
