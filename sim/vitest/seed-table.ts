// Seeded test tables for `it.each`: the seeds of a range or a list (the CLI's --seeds forms), optionally
// crossed with variants, so a suite pins a search ("some seed in 1..200 trips it") rather than one seed.

import { InputError } from '../errors.js';
import { parseSeedList } from '../cli/seed-list.js';

/**
 * `seedTable(1, 20)` → `['1', ..., '20']`; `seedTable('1..5,9')` → `['1', '2', '3', '4', '5', '9']`.
 * Bad bounds or text throw an InputError naming `seedTable`.
 */
export function seedTable(first: number, last: number): string[];
export function seedTable(seeds: string): string[];
export function seedTable(firstOrText: number | string, last?: number): string[] {
  if (typeof firstOrText === 'string') return parseSeedList(firstOrText, 'seedTable');
  for (const [name, bound] of [['first', firstOrText], ['last', last]] as const) {
    if (!(Number.isSafeInteger(bound) && (bound as number) >= 0)) {
      const expected = 'a whole number of at least 0 (or one string such as "1..20")';
      throw new InputError([{ source: `seedTable ${name}`, path: '', value: String(bound), expected }]);
    }
  }
  return parseSeedList(`${firstOrText}..${last}`, 'seedTable');
}

/** Each seed with each variant, seed-major: `it.each(seedVariantTable(seedTable(1, 5), [a, b]))`. */
export function seedVariantTable<V>(seeds: readonly string[], variants: readonly V[]): [string, V][] {
  return seeds.flatMap((seed) => variants.map((variant): [string, V] => [seed, variant]));
}
