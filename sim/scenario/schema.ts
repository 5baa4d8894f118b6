// A small validating parser: turns untrusted input into typed, unit-bearing values, collecting every
// issue (field path, value, expectation) rather than stopping at the first, as zod does.

import { renderValue } from '../errors.js';
import { type JsonSchema, NO_CONTROL_PATTERN, POSITIVE_LOOKAHEAD, fieldDescription, withConditions } from './json-schema.js';
import {
  FASTEST_RATE_TEXT, MAX_DURATION_TEXT, MAX_DURATION_US, MAX_RATE_INTERVAL_US, SLOWEST_RATE_TEXT,
  UNIT_PATTERNS, parseBandwidthBytesPerS, parseBytes, parseDurationUs, parsePercentPpm, parseRateIntervalUs,
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
export type ParseFunction<T> = (value: unknown, path: readonly PathSegment[], context: ParseContext) => Parsed<T>;

/**
 * A parser is a function that also says, as data, what it accepts: its JSON Schema (draft-07; description: its
 * expectation) and a short type for tables. Every parser has both, so the scenario schema cannot lag behind.
 */
export interface Parser<T> extends ParseFunction<T> {
  readonly schema: JsonSchema;
  /** A short type for tables (`mirrorsim list`, the README): `duration`, `one of sync, async`, ... */
  readonly type: string;
}

export function parser<T>(type: string, schema: JsonSchema, parse: ParseFunction<T>): Parser<T> {
  return Object.assign(((value, path, context) => parse(value, path, context)) as ParseFunction<T>, { schema, type });
}

/**
 * The same input as `parse`, a derived output or a further check (`then` runs only on valid input). Its schema
 * is `parse`'s, with the `conditions` given (JSON Schema's share of the further check; the rest is parser-only).
 */
export function refine<T, U>(
  parse: Parser<T>,
  then: (parsed: T, value: unknown, path: readonly PathSegment[], context: ParseContext) => Parsed<U>,
  conditions: readonly JsonSchema[] = [],
): Parser<U> {
  return parser(parse.type, withConditions(parse.schema, conditions), (value, path, context) => {
    const parsed = parse(value, path, context);
    return parsed === INVALID ? INVALID : then(parsed, value, path, context);
  });
}

export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return text;
}

export function string(): Parser<string> {
  const expected = 'a non-empty string';
  return parser('text', { type: 'string', minLength: 1, description: expected }, (value, path, context) =>
    (typeof value === 'string' && value.length > 0 ? value : context.fail(path, value, expected)));
}

/** At most this many characters in a name or a label (they are printed on one line, in tables and titles). */
export const MAX_LABEL_LENGTH = 200;

/** A name or a label: non-empty text of one line (no control characters), at most MAX_LABEL_LENGTH characters. */
export function label(): Parser<string> {
  const expected = `one line of text (no control characters), 1 to ${MAX_LABEL_LENGTH} characters`;
  const schema = { type: 'string', minLength: 1, maxLength: MAX_LABEL_LENGTH, pattern: NO_CONTROL_PATTERN, description: expected };
  return parser('one line of text', schema, (value, path, context) =>
    typeof value === 'string' && value !== '' && value.length <= MAX_LABEL_LENGTH && !/\p{Cc}/u.test(value)
      ? value
      : context.fail(path, value, expected));
}

export function boolean(): Parser<boolean> {
  return parser('true | false', { type: 'boolean', description: 'true or false' }, (value, path, context) =>
    (typeof value === 'boolean' ? value : context.fail(path, value, 'true or false')));
}

export function integer(minimum: number, maximum = Number.MAX_SAFE_INTEGER): Parser<number> {
  const unbounded = maximum === Number.MAX_SAFE_INTEGER;
  const expected = unbounded ? `a whole number of at least ${minimum}` : `a whole number from ${minimum} to ${maximum}`;
  const schema = { type: 'integer', minimum, maximum, description: expected };
  return parser(unbounded ? `whole number >= ${minimum}` : `whole number ${minimum}..${maximum}`, schema,
    (value, path, context) =>
      typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= maximum
        ? value
        : context.fail(path, value, expected));
}

export function oneOf<const T extends string>(choices: readonly T[]): Parser<T> {
  const expected = `one of ${choices.join(', ')}`;
  return parser(choices.join(' | '), { type: 'string', enum: [...choices], description: expected }, (value, path, context) =>
    (typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : context.fail(path, value, expected)));
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
  const schema = {
    description: 'a seed: a string such as "1" or a whole number',
    anyOf: [
      { type: 'string', minLength: 1, maxLength: MAX_SEED_LENGTH, pattern: NO_CONTROL_PATTERN, description: SEED_TEXT },
      { type: 'integer', minimum: 0 },
    ],
  };
  return parser('seed (text or whole number)', schema, (value, path, context) => {
    if (typeof value === 'string' && isSeedText(value)) return value;
    if (typeof value === 'string') return context.fail(path, value, `a seed: ${SEED_TEXT}`);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
    if (typeof value === 'bigint' && value >= 0n) return value.toString(); // beyond 2^53: exact, as written
    return context.fail(path, value, 'a seed: a string such as "1" or a whole number');
  });
}

interface UnitSpec {
  readonly type: string;
  readonly parse: (text: string) => number | undefined;
  /** The texts `parse` reads (units.ts); its range checks stay the parser's. */
  readonly pattern: string;
  readonly expected: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

function unitParser({ type, parse, pattern, expected, minimum = 0, maximum = Number.MAX_SAFE_INTEGER }: UnitSpec): Parser<number> {
  // A positive minimum: the schema asks for a non-zero digit (ranges beyond that are the parser's alone).
  const schemaPattern = minimum > 0 ? `^${POSITIVE_LOOKAHEAD}${pattern.slice(1)}` : pattern;
  // patternErrorMessage: what editors (the YAML and JSON language servers) say instead of the pattern itself.
  const schema = { type: 'string', pattern: schemaPattern, patternErrorMessage: expected, description: expected };
  return parser(type, schema, (value, path, context) => {
    const parsed = typeof value === 'string' ? parse(value) : undefined;
    const fits = parsed !== undefined && parsed >= minimum && parsed <= maximum;
    return fits ? parsed : context.fail(path, value, expected);
  });
}

export const durationUs = (minimumUs = 0): Parser<number> => unitParser({
  type: minimumUs > 0 ? 'duration > 0' : 'duration',
  parse: parseDurationUs,
  pattern: UNIT_PATTERNS.duration,
  expected: `a ${minimumUs > 0 ? 'positive ' : ''}duration such as 10s, 250ms or 2min (units: us, ms, s, min, h), `
    + `at most ${MAX_DURATION_TEXT}`,
  minimum: minimumUs,
  maximum: MAX_DURATION_US,
});
export const bytes = (): Parser<number> => unitParser({
  type: 'size', parse: parseBytes, pattern: UNIT_PATTERNS.size, expected: 'a size such as 4KiB, 1GiB or 100MB', minimum: 1,
});
export const rateIntervalUs = (): Parser<number> => unitParser({
  type: 'rate',
  parse: parseRateIntervalUs,
  pattern: UNIT_PATTERNS.rate,
  expected: `a rate such as 2000/s, 3/min or 0.5/h, from ${SLOWEST_RATE_TEXT} to ${FASTEST_RATE_TEXT} (omit the field for none)`,
  minimum: 1,
  maximum: MAX_RATE_INTERVAL_US,
});
export const bandwidthBytesPerS = (): Parser<number> => unitParser({
  type: 'bandwidth',
  parse: parseBandwidthBytesPerS,
  pattern: UNIT_PATTERNS.bandwidth,
  expected: 'a bandwidth such as 100MB/s or 1GiB/s',
  minimum: 1,
});
export const percentPpm = (): Parser<number> => unitParser({
  type: 'percentage', parse: parsePercentPpm, pattern: UNIT_PATTERNS.percent, expected: 'a percentage from 0% to 100%, such as 5%',
});

export function array<T>(item: Parser<T>): Parser<T[]> {
  return parser(`list of ${item.type}`, { type: 'array', items: item.schema, description: 'a list' }, (value, path, context) => {
    if (!Array.isArray(value)) return context.fail(path, value, 'a list');
    const result: T[] = [];
    let valid = true;
    value.forEach((element, index) => {
      const parsed = item(element, [...path, index], context);
      if (parsed === INVALID) valid = false;
      else result.push(parsed);
    });
    return valid ? result : INVALID;
  });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field: its parser, whether it may be absent, its default (as parsed and as written) and what it means. */
export interface Field<T> {
  readonly parse: Parser<T>;
  readonly optional: boolean;
  readonly fallback?: T;
  /** The default as a scenario would write it (shown by the schema, `mirrorsim list` and the README). */
  readonly written?: unknown;
  /** One line: what the field means. */
  readonly meaning?: string;
}

export const required = <T>(parse: Parser<T>, meaning?: string): Field<T> => ({ parse, optional: false, meaning });
export const optional = <T>(parse: Parser<T>, meaning?: string): Field<T | undefined> => ({ parse, optional: true, meaning });

/** A field that may be absent, then taken as `written` (a default as a scenario writes it, parsed here once). */
export function withDefault<T>(parse: Parser<T>, written: unknown, meaning?: string): Field<T> {
  const context = new ParseContext();
  const fallback = parse(written, [], context);
  if (fallback === INVALID) throw new Error(`default ${JSON.stringify(written)} does not parse: ${context.issues[0]?.expected}`);
  return { parse, optional: true, fallback, written, meaning };
}

type Shape = Record<string, Field<unknown>>;
type ShapeOutput<S extends Shape> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** The JSON Schema of one field: its parser's, described by its meaning, expectation and default. */
export function fieldSchema(field: Field<unknown>): JsonSchema {
  const description = fieldDescription(field.meaning, field.parse.schema.description, field.written);
  return { ...field.parse.schema, description, ...(field.written === undefined ? {} : { default: field.written }) };
}

/** A strict object: unknown keys are issues that list the keys allowed. */
export function object<S extends Shape>(shape: S, what = 'an object'): Parser<ShapeOutput<S>> {
  const allowed = Object.keys(shape);
  const properties = Object.fromEntries(allowed.map((key) => [key, fieldSchema(shape[key])]));
  const requiredKeys = allowed.filter((key) => !shape[key].optional);
  const schema = {
    type: 'object',
    description: `${what} with fields ${allowed.join(', ')}`,
    properties,
    ...(requiredKeys.length > 0 ? { required: requiredKeys } : {}),
    additionalProperties: false,
  };
  return parser(what, schema, (value, path, context) => {
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
  });
}

/** A map from chosen keys to values of one type, in key order (never insertion order). */
export function record<T>(keys: readonly string[], item: Parser<T>, what: string): Parser<Record<string, T>> {
  const schema = {
    type: 'object',
    description: `${what}: a map with keys among ${keys.join(', ')}`,
    properties: Object.fromEntries(keys.map((key) => [key, item.schema])),
    additionalProperties: false,
  };
  return parser(`map of ${item.type}`, schema, (value, path, context) => {
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
  });
}

/**
 * A tagged union: the `tag` field picks which object parser applies. Its schema names the tags, then one
 * variant's schema applies (`oneOf`; each variant's own `tag` field is one of its names only); `variantSchema`
 * may stand in for each variant's schema (a `$ref` to a definition).
 */
export function tagged<T>(
  tag: string,
  variants: Record<string, Parser<T>>,
  variantSchema: (name: string, variant: Parser<T>) => JsonSchema = (_name, variant) => variant.schema,
): Parser<T> {
  const names = Object.keys(variants);
  const schema = {
    type: 'object',
    description: `an object with a "${tag}" field, one of ${names.join(', ')}`,
    required: [tag],
    properties: { [tag]: { type: 'string', enum: names, description: `one of ${names.join(', ')}` } },
    oneOf: names.map((name) => variantSchema(name, variants[name])),
  };
  return parser(`one of ${names.join(' | ')}`, schema, (value, path, context) => {
    if (!isPlainObject(value)) return context.fail(path, value, `an object with a "${tag}" field, one of ${names.join(', ')}`);
    const name = value[tag];
    if (typeof name !== 'string' || !names.includes(name)) return context.fail([...path, tag], name, `one of ${names.join(', ')}`);
    return variants[name](value, path, context);
  });
}
