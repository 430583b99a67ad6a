import type { PathPart } from '../source.js';
import { isObj, type Obj } from './values.js';

/** One trainer process, its sections read once; each section's rules are in the file named after it. */
export interface Trainer {
  p: Obj;
  base: PathPart[];
  /** A path inside this process. */
  at: (...rest: PathPart[]) => PathPart[];
  network?: Obj;
  train: Obj;
  hasTrain: boolean;
  model?: Obj;
  save?: Obj;
  sample?: Obj;
  logging?: Obj;
  datasets: unknown[];
}

export function trainerOf(p: Obj, base: PathPart[]): Trainer {
  return {
    p,
    base,
    at: (...rest) => [...base, ...rest],
    network: isObj(p.network) ? p.network : undefined,
    train: isObj(p.train) ? p.train : {},
    hasTrain: isObj(p.train),
    model: isObj(p.model) ? p.model : undefined,
    save: isObj(p.save) ? p.save : undefined,
    sample: isObj(p.sample) ? p.sample : undefined,
    logging: isObj(p.logging) ? p.logging : undefined,
    datasets: Array.isArray(p.datasets) ? p.datasets : [],
  };
}
