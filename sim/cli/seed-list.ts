// The forms `sweep --seeds` accepts, parsed strictly: whole numbers (exact at any size, kept as strings),
// ranges A..B and comma lists of both; anything else, an empty range, a seed given twice or too many seeds
// is bad input naming the item.

import { InputError } from '../errors.js';

/** At most this many seeds in one sweep (a shard is a part of them). */
export const MAX_SWEEP_SEEDS = 1_000_000;
/** A seed in `--seeds` has at most this many digits (2^128 has 39). */
export const MAX_SEED_DIGITS = 40;

export const SEED_FORMS =
  'a whole number such as 7, a range such as 1..1000, or a comma list of both such as 1,5,9 or 1..10,20..30';

const WHOLE = /^(0|[1-9]\d*)$/;

interface Item {
  readonly text: string;
  readonly first: bigint;
  readonly last: bigint;
}

/** The list being read and where it came from, for messages: the CLI's `--seeds` or a library option. */
interface Whole {
  readonly text: string;
  readonly source: string;
}

function fail(whole: Whole, expected: string): never {
  throw new InputError([{ source: whole.source, path: '', value: JSON.stringify(whole.text), expected }]);
}

function wholeNumber(whole: Whole, item: string): bigint {
  if (WHOLE.test(item) && item.length <= MAX_SEED_DIGITS) return BigInt(item);
  if (/^\d+$/.test(item) && item.length <= MAX_SEED_DIGITS) fail(whole, `${SEED_FORMS}; "${item}" has a leading zero`);
  if (/^\d+$/.test(item)) fail(whole, `${SEED_FORMS}; "${item}" has more than ${MAX_SEED_DIGITS} digits`);
  if (/^\d+-\d+$/.test(item)) fail(whole, `${SEED_FORMS}; for the range write ${item.replace('-', '..')}`);
  fail(whole, `${SEED_FORMS}; "${item}" is not a whole number (digits only)`);
}

function parseItem(whole: Whole, text: string): Item {
  const parts = text.split('..');
  if (parts.length > 2) fail(whole, `${SEED_FORMS}; "${text}" is not a range A..B`);
  const first = wholeNumber(whole, parts[0].trim());
  const last = parts.length === 2 ? wholeNumber(whole, parts[1].trim()) : first;
  if (last < first) fail(whole, `${SEED_FORMS}; the range ${text} is empty (its first seed is above its last)`);
  return { text, first, last };
}

/** The seeds of `--seeds TEXT` (or of a library option: `source`), in order, each once, as decimal strings. */
export function parseSeedList(text: string, source = '--seeds'): string[] {
  const whole = { text, source };
  const trimmed = text.trim();
  if (trimmed === '') fail(whole, SEED_FORMS);
  const items = trimmed.split(',').map((item) => {
    if (item.trim() === '') fail(whole, `${SEED_FORMS}; an item of the list is empty`);
    return parseItem(whole, item.trim());
  });
  let total = 0n;
  for (const item of items) total += item.last - item.first + 1n;
  if (total > BigInt(MAX_SWEEP_SEEDS)) fail(whole, `at most ${MAX_SWEEP_SEEDS} seeds (these are ${total})`);
  const sorted = [...items].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  for (let index = 1; index < sorted.length; index += 1) {
    const before = sorted[index - 1];
    const item = sorted[index];
    if (item.first <= before.last) {
      const where = before.text === item.text ? 'is given twice' : `is in both ${before.text} and ${item.text}`;
      fail(whole, `each seed once; seed ${item.first} ${where}`);
    }
  }
  const seeds: string[] = [];
  for (const item of items) {
    for (let seed = item.first; seed <= item.last; seed += 1n) seeds.push(seed.toString());
  }
  return seeds;
}
