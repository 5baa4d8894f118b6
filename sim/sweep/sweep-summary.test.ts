import { describe, expect, it } from 'vitest';
import type { SweepRow } from './sweep-row.js';
import { summarise } from './sweep-summary.js';

function row(seed: string, verdict: 'pass' | 'fail', probesUnreached?: string[]): SweepRow {
  return {
    seed, variant: 'v', verdict, violations: verdict === 'fail' ? 1 : 0, invariants: verdict === 'fail' ? ['staleRead'] : [],
    firstViolationUs: verdict === 'fail' ? 2_000_000 : null, resolutions: null, events: 10, fingerprints: { schedule: '0', outcome: '0' }, probesUnreached,
  };
}

describe('sweep summary', () => {
  it('lists as never fired only the probes no run reached, ignoring rows that predate probe records', () => {
    const rows = [row('1', 'pass', ['a', 'b', 'c']), row('2', 'fail', ['b', 'c']), row('3', 'pass', ['c', 'b']), row('4', 'pass')];
    const [summary] = summarise(rows, ['v'], [{}], '/nowhere/x.yaml', '/');
    expect(summary.probesNeverFired).toEqual(['b', 'c']);
    expect(summary.seedsWithViolation).toBe(1);
    expect(summary.firstViolationMedianS).toBe(2);
    expect(summarise([row('1', 'pass')], ['v'], [{}], '/nowhere/x.yaml', '/')[0].probesNeverFired).toEqual([]);
  });
});
