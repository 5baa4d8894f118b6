import { describe, expect, it } from 'vitest';
import { clippedSeeds, compactSeeds, failShareUpperBound, variantColumn, violationBin, violationBinLabel, violationHistogram } from './sweep-stats.js';

describe('the 95% upper bound on the share of failing seeds', () => {
  it.each([
    // No failure: the rule of three, 3/N.
    [0, 50, 0.06],
    [0, 1000, 0.003],
    [0, 2, 1],
    // Exact one-sided Clopper-Pearson bounds (published tables): P(X <= k | N, p) = 0.05.
    [1, 10, 0.3942],
    [5, 10, 0.7776],
    [9, 10, 0.9949],
    [1, 100, 0.0466],
    [50, 100, 0.5864],
    [10, 10, 1],
  ])('%i of %i seeds failing: at most %f', (failed, seeds, bound) => {
    expect(failShareUpperBound(failed, seeds)).toBeCloseTo(bound, 4);
  });

  it('a large sweep with one failure: about 4.74 / N (the Poisson limit)', () => {
    expect(failShareUpperBound(1, 1_000_000) * 1_000_000).toBeCloseTo(4.744, 2);
  });
});

describe('seed lists and bins', () => {
  it.each([
    [['1', '2', '3', '5', '7', '8', '100'], '1..3,5,7..8,100'],
    [['9', '8', '7'], '9,8,7'],
    [['18446744073709551615', '18446744073709551616'], '18446744073709551615..18446744073709551616'],
    [['abc', '1', '2'], 'abc,1..2'],
    [[], ''],
  ])('%j is written %s', (seeds, text) => {
    expect(compactSeeds(seeds)).toBe(text);
  });

  it('a long list is cut at a comma and says how many seeds it left out', () => {
    const evens = Array.from({ length: 500 }, (_, index) => String(index * 2));
    const text = clippedSeeds(evens, 60);
    expect(text.length).toBeLessThanOrEqual(60);
    const shown = text.split(',').length - 1;
    expect(text.endsWith(`… (${500 - shown} more)`)).toBe(true);
    expect(clippedSeeds(['1', '2', '3'], 60)).toBe('1..3');
  });

  it('bins violations per seed in powers of two', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 130].map(violationBin)).toEqual([0, 1, 2, 2, 3, 3, 4, 8]);
    expect([0, 1, 2, 3, 8].map(violationBinLabel)).toEqual(['0', '1', '2-3', '4-7', '128-255']);
    expect(violationHistogram([0, 0, 1, 130])).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('shows a key all variants share once, as the heading', () => {
    expect(variantColumn(['addressing=shared-range', 'addressing=system-unique'])).toEqual({ heading: 'addressing', cells: ['shared-range', 'system-unique'] });
    expect(variantColumn(['addressing=shared-range', 'mirroring=early-ack']).heading).toBe('variant');
    expect(variantColumn(['addressing=shared-range+mirroring=early-ack']).heading).toBe('variant');
    expect(variantColumn(['as written']).cells).toEqual(['as written']);
  });
});
