// Unit parsing at the edge: durations, sizes, rates, bandwidths and percentages become integers whose
// field names carry the unit (`latencyUs`, `pageCount`, `bandwidthBytesPerS`, `trackingSpacePpm`).

import { US_PER_H, US_PER_MIN, US_PER_MS, US_PER_S } from '../kernel/time.js';

const NUMBER = '(\\d+(?:\\.\\d+)?|\\.\\d+)';

const DURATION_UNITS: Record<string, number> = { us: 1, ms: US_PER_MS, s: US_PER_S, min: US_PER_MIN, h: US_PER_H };
const SIZE_UNITS: Record<string, number> = {
  B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40,
};
const RATE_PERIODS_US: Record<string, number> = { s: US_PER_S, min: US_PER_MIN, h: US_PER_H };

function parseQuantity(text: string, units: Record<string, number>): number | undefined {
  const match = new RegExp(`^${NUMBER}\\s*([A-Za-z]+)$`).exec(text.trim());
  if (match === null) return undefined;
  const scale = units[match[2]];
  if (scale === undefined) return undefined;
  return Number(match[1]) * scale;
}

/**
 * Upper bounds that keep every simulated time far inside the kernel's range (2^53 us, MAX_TIME_US): a duration
 * (the run's, a fault's) of at most 100,000 h, and a rate of at least one per 1,000 h, so that even an
 * exponential draw of a thousand mean intervals past the end of the longest run stays in range.
 */
export const MAX_DURATION_US = 100_000 * US_PER_H;
export const MAX_DURATION_TEXT = '100000h';
export const MAX_RATE_INTERVAL_US = 1_000 * US_PER_H;
export const SLOWEST_RATE_TEXT = '0.001/h';
export const FASTEST_RATE_TEXT = '1000000/s';

/** `10s`, `250ms`, `1.5min`, `500us`, `2h` → whole microseconds; undefined if malformed or not whole. */
export function parseDurationUs(text: string): number | undefined {
  const value = parseQuantity(text, DURATION_UNITS);
  if (value === undefined) return undefined;
  const rounded = Math.round(value);
  return Math.abs(rounded - value) < 1e-6 && Number.isSafeInteger(rounded) ? rounded : undefined;
}

/** `4KiB`, `1GiB`, `100MB`, `512B` → whole bytes. */
export function parseBytes(text: string): number | undefined {
  const value = parseQuantity(text, SIZE_UNITS);
  if (value === undefined) return undefined;
  const rounded = Math.round(value);
  return Math.abs(rounded - value) < 1e-6 && Number.isSafeInteger(rounded) ? rounded : undefined;
}

/** `2000/s`, `0.5/h`, `3/min` → mean interval between occurrences in whole microseconds (at least 1). */
export function parseRateIntervalUs(text: string): number | undefined {
  const match = new RegExp(`^${NUMBER}\\s*/\\s*(s|min|h)$`).exec(text.trim());
  if (match === null) return undefined;
  const count = Number(match[1]);
  if (!(count > 0)) return undefined;
  const intervalUs = RATE_PERIODS_US[match[2]] / count;
  // Faster than one a microsecond (the kernel's tick) cannot be kept: not silently rounded to 1 us.
  return intervalUs >= 1 ? Math.round(intervalUs) : undefined;
}

/** `100MB/s`, `1GiB/s` → bytes per second. */
export function parseBandwidthBytesPerS(text: string): number | undefined {
  const match = /^(.*)\/s$/.exec(text.trim());
  if (match === null) return undefined;
  const bytes = parseBytes(match[1]);
  return bytes !== undefined && bytes > 0 ? bytes : undefined;
}

/** `5%`, `0.5%` → parts per million (5% = 50000). */
export function parsePercentPpm(text: string): number | undefined {
  const match = new RegExp(`^${NUMBER}\\s*%$`).exec(text.trim());
  if (match === null) return undefined;
  const ppm = Math.round(Number(match[1]) * 10_000);
  return ppm <= 1_000_000 ? ppm : undefined;
}

/** Mean interval back to a rate for humans: 7_200_000_000 → `0.5/h`. */
export function formatRate(meanIntervalUs: number): string {
  const perS = US_PER_S / meanIntervalUs;
  if (perS >= 1) return `${Number(perS.toPrecision(6))}/s`;
  return `${Number((US_PER_H / meanIntervalUs).toPrecision(6))}/h`;
}
