// Seeded test tables: ranges and lists as the CLI's --seeds reads them, crossed with variants for it.each.

import { describe, expect, it } from 'vitest';
import { seedTable, seedVariantTable } from './seed-table.js';

describe('seedTable', () => {
  it('gives the seeds of a range or a list, as strings, in order', () => {
    expect(seedTable(1, 5)).toEqual(['1', '2', '3', '4', '5']);
    expect(seedTable(7, 7)).toEqual(['7']);
    expect(seedTable('1..3,9,20..21')).toEqual(['1', '2', '3', '9', '20', '21']);
  });

  it.each([
    ['an empty range', () => seedTable(5, 1), /^seedTable: got "5\.\.1", expected .*the range 5\.\.1 is empty/],
    ['a negative bound', () => seedTable(-1, 3), /^seedTable first: got -1, expected a whole number/],
    ['a missing bound', () => (seedTable as unknown as (first: number) => string[])(3),
      /^seedTable last: got undefined/],
    ['a seed twice', () => seedTable('1..3,2'), /each seed once; seed 2 is in both 1\.\.3 and 2/],
  ])('refuses %s with one clear message', (_label, call, message) => expect(call).toThrow(message));

  it('crosses seeds with variants, seed-major', () => {
    expect(seedVariantTable(seedTable(1, 2), ['a', 'b'])).toEqual([['1', 'a'], ['1', 'b'], ['2', 'a'], ['2', 'b']]);
  });

  // The table drives it.each as a suite would use it.
  it.each(seedTable(1, 3))('seed %s is a decimal string', (seed) => expect(seed).toMatch(/^[1-3]$/));
});
