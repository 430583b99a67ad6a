import { useEffect, useState } from 'react';

/**
 * How long a selection must stay put before its image preview is drawn. A preview is thousands of coloured
 * cells that every frame re-lays out; drawn on every move it makes holding j lag, drawn once the selection
 * rests it costs the keys nothing.
 */
export const PREVIEW_REST_MS = 120;

/**
 * `value` once it has stayed the same for `ms` (the first value at once); until then the last value that
 * rested. A new value cancels the pending one, so a run of moves settles only on the last.
 */
export function useResting<T>(value: T, ms = PREVIEW_REST_MS): T {
  const [rested, setRested] = useState(value);
  useEffect(() => {
    if (Object.is(value, rested)) return;
    const t = setTimeout(() => setRested(() => value), ms);
    return () => clearTimeout(t);
  }, [value, rested, ms]);
  return rested;
}
