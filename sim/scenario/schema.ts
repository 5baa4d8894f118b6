// A small validating parser: turns untrusted input into typed, unit-bearing values, collecting every
// issue (field path, value, expectation) rather than stopping at the first, as zod does.

import { renderValue } from '../errors.js';
import {
  FASTEST_RATE_TEXT, MAX_DURATION_TEXT, MAX_DURATION_US, MAX_RATE_INTERVAL_US, SLOWEST_RATE_TEXT,
  parseBandwidthBytesPerS, parseBytes, parseDurationUs, parsePercentPpm, parseRateIntervalUs,
} from './units.js';

export type PathSegment = string | number;

export interface SchemaIssue {
  readonly path: readonly PathSegment[];
  readonly value: string;
  readonly expected: string;
  /** FIELD_INVALID, or FIELD_UNKNOWN / FIELD_MISSING for a field that is not allowed / not given. */
  readonly code: string;
}

export class ParseContext {
  readonly issues: SchemaIssue[] = [];
  fail(path: readonly PathSegment[], value: unknown, expected: string, code = 'FIELD_INVALID'): typeof INVALID {
    this.issues.push({ path, value: renderValue(value), expected, code });
    return INVALID;
  }
}

export const INVALID = Symbol('invalid');
export type Parsed<T> = T | typeof INVALID;
export type Parser<T> = (value: unknown, path: readonly PathSegment[], context: ParseContext) => Parsed<T>;

export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return text;
}

export function string(): Parser<string> {
  return (value, path, context) => (typeof value === 'string' && value.length > 0 ? value : context.fail(path, value, 'a non-empty string'));
}

/** At most this many characters in a name or a label (they are printed on one line, in tables and titles). */
export const MAX_LABEL_LENGTH = 200;

/** A name or a label: non-empty text of one line (no control characters), at most MAX_LABEL_LENGTH characters. */
export function label(): Parser<string> {
  return (value, path, context) =>
    typeof value === 'string' && value !== '' && value.length <= MAX_LABEL_LENGTH && !/\p{Cc}/u.test(value)
      ? value
      : context.fail(path, value, `one line of text (no control characters), 1 to ${MAX_LABEL_LENGTH} characters`);
}

export function boolean(): Parser<boolean> {
  return (value, path, context) => (typeof value === 'boolean' ? value : context.fail(path, value, 'true or false'));
}

export function integer(minimum: number, maximum = Number.MAX_SAFE_INTEGER): Parser<number> {
  return (value, path, context) =>
    typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= maximum
      ? value
      : context.fail(path, value, maximum === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${minimum}` : `a whole number from ${minimum} to ${maximum}`);
}

export function oneOf<const T extends string>(choices: readonly T[]): Parser<T> {
  return (value, path, context) =>
    typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : context.fail(path, value, `one of ${choices.join(', ')}`);
}

/** At most this many characters in a seed. */
export const MAX_SEED_LENGTH = 256;
export const SEED_TEXT = `non-empty text of at most ${MAX_SEED_LENGTH} characters, no control characters`;

/** A seed as text: printed on one line (in the reproduce command), so no control characters. */
export function isSeedText(text: string): boolean {
  return text !== '' && text.length <= MAX_SEED_LENGTH && !/\p{Cc}/u.test(text);
}

/** A seed: a string, or a whole number taken as its decimal string (seeds are always strings inside). */
export function seed(): Parser<string> {
  return (value, path, context) => {
    if (typeof value === 'string' && isSeedText(value)) return value;
    if (typeof value === 'string') return context.fail(path, value, `a seed: ${SEED_TEXT}`);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
    if (typeof value === 'bigint' && value >= 0n) return value.toString(); // beyond 2^53: exact, as written
    return context.fail(path, value, 'a seed: a string such as "1" or a whole number');
  };
}

function unitParser(
  parse: (text: string) => number | undefined,
  expected: string,
  minimum = 0,
  maximum = Number.MAX_SAFE_INTEGER,
): Parser<number> {
  return (value, path, context) => {
    const parsed = typeof value === 'string' ? parse(value) : undefined;
    const fits = parsed !== undefined && parsed >= minimum && parsed <= maximum;
    return fits ? parsed : context.fail(path, value, expected);
  };
}

export const durationUs = (minimumUs = 0): Parser<number> => unitParser(
  parseDurationUs,
  `a ${minimumUs > 0 ? 'positive ' : ''}duration such as 10s, 250ms or 2min (units: us, ms, s, min, h), `
    + `at most ${MAX_DURATION_TEXT}`,
  minimumUs,
  MAX_DURATION_US,
);
export const bytes = (): Parser<number> => unitParser(parseBytes, 'a size such as 4KiB, 1GiB or 100MB', 1);
export const rateIntervalUs = (): Parser<number> => unitParser(
  parseRateIntervalUs,
  `a rate such as 2000/s, 3/min or 0.5/h, from ${SLOWEST_RATE_TEXT} to ${FASTEST_RATE_TEXT} (omit the field for none)`,
  1,
  MAX_RATE_INTERVAL_US,
);
export const bandwidthBytesPerS = (): Parser<number> => unitParser(parseBandwidthBytesPerS, 'a bandwidth such as 100MB/s or 1GiB/s', 1);
export const percentPpm = (): Parser<number> => unitParser(parsePercentPpm, 'a percentage from 0% to 100%, such as 5%');

export function array<T>(item: Parser<T>): Parser<T[]> {
  return (value, path, context) => {
    if (!Array.isArray(value)) return context.fail(path, value, 'a list');
    const result: T[] = [];
    let valid = true;
    value.forEach((element, index) => {
      const parsed = item(element, [...path, index], context);
      if (parsed === INVALID) valid = false;
      else result.push(parsed);
    });
    return valid ? result : INVALID;
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field: its parser and, if optional, its default (`undefined` default = may be absent). */
export interface Field<T> {
  readonly parse: Parser<T>;
  readonly optional: boolean;
  readonly fallback?: T;
}

export const required = <T>(parse: Parser<T>): Field<T> => ({ parse, optional: false });
export const optional = <T>(parse: Parser<T>, fallback?: T): Field<T | undefined> => ({ parse, optional: true, fallback });
export const withDefault = <T>(parse: Parser<T>, fallback: T): Field<T> => ({ parse, optional: true, fallback });

type Shape = Record<string, Field<unknown>>;
type ShapeOutput<S extends Shape> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** A strict object: unknown keys are issues that list the keys allowed. */
export function object<S extends Shape>(shape: S, what = 'an object'): Parser<ShapeOutput<S>> {
  const allowed = Object.keys(shape);
  return (value, path, context) => {
    if (!isPlainObject(value)) return context.fail(path, value, `${what} with fields ${allowed.join(', ')}`);
    let valid = true;
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        const expected = `no field "${key}" here; allowed: ${allowed.join(', ')}`;
        context.fail([...path, key], value[key], expected, 'FIELD_UNKNOWN');
        valid = false;
      }
    }
    const result: Record<string, unknown> = {};
    for (const key of allowed) {
      const field = shape[key];
      if (value[key] === undefined || value[key] === null) {
        if (!field.optional) {
          context.fail([...path, key], undefined, `a value (required field)`, 'FIELD_MISSING');
          valid = false;
        } else if (field.fallback !== undefined) result[key] = field.fallback;
        continue;
      }
      const parsed = field.parse(value[key], [...path, key], context);
      if (parsed === INVALID) valid = false;
      else result[key] = parsed;
    }
    return valid ? (result as ShapeOutput<S>) : INVALID;
  };
}

/** A map from chosen keys to values of one type, in key order (never insertion order). */
export function record<T>(keys: readonly string[], item: Parser<T>, what: string): Parser<Record<string, T>> {
  return (value, path, context) => {
    if (!isPlainObject(value)) return context.fail(path, value, `${what}: a map with keys among ${keys.join(', ')}`);
    const result: Record<string, T> = {};
    let valid = true;
    for (const key of Object.keys(value).sort()) {
      if (!keys.includes(key)) {
        const expected = `one of the known keys: ${keys.join(', ') || '(none)'}`;
        context.fail([...path, key], value[key], expected, 'FIELD_UNKNOWN');
        valid = false;
        continue;
      }
      const parsed = item(value[key], [...path, key], context);
      if (parsed === INVALID) valid = false;
      else result[key] = parsed;
    }
    return valid ? result : INVALID;
  };
}

/** A tagged union: the `tag` field picks which object parser applies. */
export function tagged<T>(tag: string, variants: Record<string, Parser<T>>): Parser<T> {
  const names = Object.keys(variants);
  return (value, path, context) => {
    if (!isPlainObject(value)) return context.fail(path, value, `an object with a "${tag}" field, one of ${names.join(', ')}`);
    const name = value[tag];
    if (typeof name !== 'string' || !names.includes(name)) return context.fail([...path, tag], name, `one of ${names.join(', ')}`);
    return variants[name](value, path, context);
  };
}
