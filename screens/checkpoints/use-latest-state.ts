import { useCallback, useRef, useState } from 'react';

/**
 * State whose latest value is readable at once: keys that arrive together (a paste, key repeat, a busy
 * machine) are handled before the screen renders again, and each must act on what the one before it
 * changed, not on the value of the last render.
 */
export function useLatestState<T>(initial: T): [T, (next: T | ((prev: T) => T)) => void, () => T] {
  const [value, setValue] = useState(initial);
  const ref = useRef(initial);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (prev: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  const get = useCallback(() => ref.current, []);
  return [value, set, get];
}
