import { loadSharp } from '../../dataset/sharp.js';

/**
 * WD14 input as the reference taggers build it: alpha composited on white, padded to a white
 * square, resized to the model's size, channels in BGR order, float32 in 0–255, NHWC.
 */
export async function wd14Input(path: string, size: number): Promise<Float32Array> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(path, { failOn: 'error' })
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize(size, size, { fit: 'contain', background: '#ffffff', kernel: 'cubic' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || info.width !== size || info.height !== size) throw new Error(`unexpected decode ${info.width}×${info.height}×${info.channels}`);
  const out = new Float32Array(size * size * 3);
  for (let i = 0; i < out.length; i += 3) {
    out[i] = data[i + 2];
    out[i + 1] = data[i + 1];
    out[i + 2] = data[i];
  }
  return out;
}
