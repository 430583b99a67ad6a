/**
 * Formatting shared by every face (commands, screens, JSON-free text): bytes, durations, counts, plurals.
 * Plain functions of their input; nothing here knows a domain.
 */

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** 1,480: thousands separated, as the guide writes its numbers. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  // By hand, not toLocaleString: its first call loads ICU's number formatting (~25 ms at start-up).
  const [int, frac] = String(Math.abs(Math.round(n * 1000) / 1000)).split('.');
  return `${n < 0 ? '-' : ''}${groupThousands(int)}${frac ? `.${frac}` : ''}`;
}

/** "1000000" → "1,000,000": the digits of a whole number, grouped by thousands. */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 image", "3 images"; `plural` for words that do not take an s. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : pluralWord}`;
}
