// Command-line flag values checked strictly before a command runs: a flag given twice, a number that is not
// a whole number in range, an empty path, a seed with control characters; each message names the flag as typed.

import { InputError } from '../errors.js';
import { SEED_TEXT, isSeedText } from '../scenario/schema.js';

function fail(flag: string, value: string, expected: string): never {
  throw new InputError([{ source: flag, path: '', value, expected }]);
}

/** The value of a flag that takes one value: yargs makes a list of a flag given twice, which is an error. */
export function single(flag: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    fail(flag, value.map((item) => JSON.stringify(String(item))).join(' and '), `${flag} given once`);
  }
  return String(value);
}

/** A whole number written in decimal digits, from `minimum` to `maximum` (never NaN, 1e3, 0x10 or 1.5). */
export function wholeNumber(flag: string, value: unknown, minimum: number, maximum: number): number | undefined {
  const text = single(flag, value);
  if (text === undefined) return undefined;
  const expected =
    maximum === Number.MAX_SAFE_INTEGER
      ? `a whole number of at least ${minimum} (digits only)`
      : `a whole number from ${minimum} to ${maximum} (digits only)`;
  if (!/^\d{1,16}$/.test(text)) fail(flag, JSON.stringify(text), expected);
  const number = Number(text);
  if (!(Number.isSafeInteger(number) && number >= minimum && number <= maximum))
    fail(flag, JSON.stringify(text), expected);
  return number;
}

/** A path flag: given once, and not empty (an empty path would mean the working directory). */
export function path(flag: string, value: unknown, what: string): string | undefined {
  const text = single(flag, value);
  if (text === undefined) return undefined;
  if (text.trim() === '') fail(flag, JSON.stringify(text), what);
  return text;
}

/** A seed: as in a scenario (schema.ts), any text without control characters, at most 256 characters. */
export function seedText(flag: string, value: unknown): string | undefined {
  const text = single(flag, value);
  if (text === undefined) return undefined;
  if (!isSeedText(text)) fail(flag, JSON.stringify(text), `a seed: ${SEED_TEXT}`);
  return text;
}
