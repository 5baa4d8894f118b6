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

const unitsOf = (units: Record<string, number>): string => `(${Object.keys(units).join('|')})`;
/** Space that is not a line break: a bandwidth's size and unit sit on one line. */
const INLINE_SPACE = '[^\\S\\n\\r\\u2028\\u2029]*';

/**
 * The texts each unit parser reads, as regular-expression source (the scenario schema's `pattern`s): the
 * parsers below match these very expressions, then check the number's range. Space around the text is
 * allowed (as String.prototype.trim would remove it).
 */
export const UNIT_PATTERNS = {
  duration: `^\\s*${NUMBER}\\s*${unitsOf(DURATION_UNITS)}\\s*$`,
  size: `^\\s*${NUMBER}\\s*${unitsOf(SIZE_UNITS)}\\s*$`,
  rate: `^\\s*${NUMBER}\\s*/\\s*${unitsOf(RATE_PERIODS_US)}\\s*$`,
  bandwidth: `^\\s*${NUMBER}${INLINE_SPACE}${unitsOf(SIZE_UNITS)}${INLINE_SPACE}/s\\s*$`,
  percent: `^\\s*${NUMBER}\\s*%\\s*$`,
} as const;

const DURATION = new RegExp(UNIT_PATTERNS.duration);
const SIZE = new RegExp(UNIT_PATTERNS.size);
const RATE = new RegExp(UNIT_PATTERNS.rate);
const BANDWIDTH = new RegExp(UNIT_PATTERNS.bandwidth);
const PERCENT = new RegExp(UNIT_PATTERNS.percent);

/** A number and a unit of `units`, by `pattern` (number first, unit second). */
function parseQuantity(text: string, pattern: RegExp, units: Record<string, number>): number | undefined {
  const match = pattern.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * units[match[2]];
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
  const value = parseQuantity(text, DURATION, DURATION_UNITS);
  if (value === undefined) return undefined;
  const rounded = Math.round(value);
  return Math.abs(rounded - value) < 1e-6 && Number.isSafeInteger(rounded) ? rounded : undefined;
}

/** `4KiB`, `1GiB`, `100MB`, `512B` → whole bytes. */
export function parseBytes(text: string): number | undefined {
  return wholeBytes(parseQuantity(text, SIZE, SIZE_UNITS));
}

function wholeBytes(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rounded = Math.round(value);
  return Math.abs(rounded - value) < 1e-6 && Number.isSafeInteger(rounded) ? rounded : undefined;
}

/** `2000/s`, `0.5/h`, `3/min` → mean interval between occurrences in whole microseconds (at least 1). */
export function parseRateIntervalUs(text: string): number | undefined {
  const match = RATE.exec(text);
  if (match === null) return undefined;
  const count = Number(match[1]);
  if (!(count > 0)) return undefined;
  const intervalUs = RATE_PERIODS_US[match[2]] / count;
  // Faster than one a microsecond (the kernel's tick) cannot be kept: not silently rounded to 1 us.
  return intervalUs >= 1 ? Math.round(intervalUs) : undefined;
}

/** `100MB/s`, `1GiB/s` → bytes per second. */
export function parseBandwidthBytesPerS(text: string): number | undefined {
  const bytes = wholeBytes(parseQuantity(text, BANDWIDTH, SIZE_UNITS));
  return bytes !== undefined && bytes > 0 ? bytes : undefined;
}

/** `5%`, `0.5%` → parts per million (5% = 50000). */
export function parsePercentPpm(text: string): number | undefined {
  const match = PERCENT.exec(text);
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
