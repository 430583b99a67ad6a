import { useEffect, useRef, useState } from 'react';

/**
 * Subscribe a screen to a service that pushes values (scan progress, log events, upload bytes)
 * and re-render at most every `intervalMs` (default 100 ms: ≤ 10 renders per second).
 * The last value always lands, even when it arrives between ticks.
 */
export function useThrottledSubscription<T>(
  subscribe: ((push: (value: T) => void) => () => void) | null,
  initial: T,
  intervalMs = 100,
): T {
  const [value, setValue] = useState<T>(initial);
  const latest = useRef<T>(initial);
  const pending = useRef(false);
  const timer = useRef<NodeJS.Timeout | null>(null);
  const lastFlush = useRef(0);

  useEffect(() => {
    if (!subscribe) return;
    const flush = () => {
      timer.current = null;
      if (!pending.current) return;
      pending.current = false;
      lastFlush.current = Date.now();
      setValue(latest.current);
    };
    const unsubscribe = subscribe((v) => {
      latest.current = v;
      pending.current = true;
      if (timer.current) return;
      const wait = Math.max(0, intervalMs - (Date.now() - lastFlush.current));
      timer.current = setTimeout(flush, wait);
    });
    return () => {
      unsubscribe();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [subscribe, intervalMs]);

  return value;
}
