// Virtual time: an integer count of microseconds since the start of a run. No floating-point time anywhere.

export type TimeUs = number;

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const US_PER_MIN = 60 * US_PER_S;
export const US_PER_H = 60 * US_PER_MIN;

/** Largest time the kernel accepts: integers stay exact in a double up to 2^53. */
export const MAX_TIME_US = Number.MAX_SAFE_INTEGER;

/** Renders a time for humans: `12.400000s`, exact to the microsecond. */
export function formatTimeUs(timeUs: TimeUs): string {
  const seconds = Math.floor(timeUs / US_PER_S);
  const micros = timeUs - seconds * US_PER_S;
  return `${seconds}.${String(micros).padStart(6, '0')}s`;
}

/** Renders a time compactly for prose: `12.4s`, `250ms`, `7us`. */
export function formatShortUs(timeUs: TimeUs): string {
  if (timeUs % US_PER_S === 0) return `${timeUs / US_PER_S}s`;
  if (timeUs >= US_PER_S) return `${(timeUs / US_PER_S).toFixed(3).replace(/0+$/, '')}s`;
  if (timeUs % US_PER_MS === 0) return `${timeUs / US_PER_MS}ms`;
  return `${timeUs}us`;
}
