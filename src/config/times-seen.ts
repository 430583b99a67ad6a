import { formatCount } from '../text/format.js';

/**
 * How often each image is drawn in a run shorter or longer than an epoch. ai-toolkit shuffles an
 * epoch's items, and an image has `copies` items per epoch (num_repeats × resolutions × flips), so in
 * a run of `epochs` epochs it is drawn copies × epochs times on average; in a run shorter than one
 * epoch it is missed entirely with probability (1 − epochs)^copies.
 */

export interface SeenGroup {
  images: number;
  copies: number;
}

export interface TimesSeen {
  /** Average draws per image, for the least and the most repeated images. */
  least: number;
  most: number;
  /** Images expected never to be drawn, rounded. */
  neverDrawn: number;
  images: number;
}

export function timesSeen(epochs: number, groups: readonly SeenGroup[]): TimesSeen {
  const real = groups.filter((g) => g.images > 0 && g.copies > 0);
  const draws = real.map((g) => g.copies * epochs);
  const missed = epochs >= 1 ? 0 : real.reduce((n, g) => n + g.images * (1 - epochs) ** g.copies, 0);
  return {
    least: draws.length ? Math.min(...draws) : 0,
    most: draws.length ? Math.max(...draws) : 0,
    neverDrawn: Math.round(missed),
    images: real.reduce((n, g) => n + g.images, 0),
  };
}

const times = (n: number) => (n >= 10 ? formatCount(Math.round(n)) : n.toFixed(1).replace(/\.0$/, ''));

/** "each image is drawn about 12 times" / "about 0.5 times, so about 35 of the 70 images not at all". */
export function timesSeenText(s: TimesSeen): string {
  const range = Math.abs(s.most - s.least) < 0.05 ? `about ${times(s.most)}` : `${times(s.least)} to ${times(s.most)}`;
  const base = `each image is drawn ${range} time${range === 'about 1' ? '' : 's'}`;
  return s.neverDrawn > 0 ? `${base}, so about ${formatCount(s.neverDrawn)} of the ${formatCount(s.images)} images not at all` : base;
}
