import { describe, expect, it } from 'vitest';
import type { SweepRow } from '../../sweep/sweep-row.js';
import { summarise } from '../../sweep/sweep-summary.js';
import { paint } from '../terminal.js';
import { formatShare, formatSweepSummary, sweepHeading } from './sweep-text.js';

function row(seed: string, variant: string, fail: boolean, invariant = 'foreignResolution'): SweepRow {
  return {
    seed, variant, verdict: fail ? 'fail' : 'pass', violations: fail ? 130 : 0, invariants: fail ? [invariant] : [],
    firstViolationUs: fail ? 46_100_000 : null, resolutions: { ok: 100, falseStale: 0, foreign: fail ? 130 : 0 },
    events: 10, fingerprints: { schedule: '0', outcome: '0' }, probesUnreached: ['sls.rangeFull', 'mirror.fullSync'],
  };
}

const SEEDS = Array.from({ length: 60 }, (_, index) => String(index + 1));

function sweep(labels: string[], variants: Record<string, string>[], failing: (seed: number, variant: number) => boolean) {
  const rows = SEEDS.flatMap((seed) => labels.map((label, index) => row(seed, label, failing(Number(seed), index), Number(seed) % 7 === 0 ? 'staleRead' : 'foreignResolution')));
  return summarise(rows, labels, variants, '/work/scenarios-elsewhere/x.yaml', '/work/scenarios-elsewhere');
}

const cases = [
  ['one key, short values', ['addressing=shared-range', 'addressing=system-unique'], [{ addressing: 'shared-range' }, { addressing: 'system-unique' }]],
  ['several keys, long labels', ['addressing=system-unique-lazy+mirroring=unchecked-promotion+recovery=checkpoint-early', 'addressing=system-unique'],
    [{ addressing: 'system-unique-lazy', mirroring: 'unchecked-promotion', recovery: 'checkpoint-early' }, { addressing: 'system-unique' }]],
] as const;

describe('the sweep summary on a terminal', () => {
  it.each(cases)('%s: every line fits 80 columns but the replay command', (_title, labels, variants) => {
    const summaries = sweep([...labels], variants.map((values) => ({ ...values })), (seed, variant) => variant === 0 && seed % 3 !== 0);
    const lines = formatSweepSummary(summaries, { width: 80 });
    for (const line of lines) if (!line.startsWith('npx mirrorsim')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines.filter((line) => line.startsWith('npx mirrorsim run x.yaml --seed SEED'))).toHaveLength(1);
  });

  it('groups failing seeds by invariant, writes runs as a..b, and flags passes of a flawed variant', () => {
    const summaries = sweep(['addressing=shared-range', 'addressing=system-unique'], [{ addressing: 'shared-range' }, { addressing: 'system-unique' }],
      (seed, variant) => variant === 0 && seed <= 50);
    const text = formatSweepSummary(summaries, { width: 80 }).join('\n');
    expect(text).toContain('addressing=shared-range: 50 failing seeds');
    expect(text).toContain('  foreignResolution (43): 1..6, 8..13, 15..20');
    expect(text).toContain('  staleRead (7): 7, 14, 21, 28, 35, 42, 49');
    expect(text).toContain('addressing=shared-range: flawed on purpose, but 10 of 60 seeds passed');
    expect(text).toMatch(/^shared-range +60 +50 \(83\.3%\) ! +90\.7%/m);
    expect(text).toMatch(/^system-unique +60 +0 \(0%\) +5\.0%/m);
    expect(text).toContain('probes never fired in any run (every variant): mirror.fullSync, sls.rangeFull');
  });

  it('writes no escape code without colour (NO_COLOR, a pipe) and some with it', () => {
    const summaries = sweep(['recovery=ungated'], [{ recovery: 'ungated' }], () => false);
    expect(formatSweepSummary(summaries, { width: 80, paint: paint(false) }).join('\n')).not.toContain('\u001b');
    expect(formatSweepSummary(summaries, { width: 80, paint: paint(true) }).join('\n')).toContain('\u001b[31m');
  });

  it.each([
    [0, '0%'], [1, '100%'], [0.148, '14.8%'], [0.00047, '0.047%'], [0.06, '6.0%'],
  ])('a share of %f is %s', (share, text) => {
    expect(formatShare(share)).toBe(text);
  });

  it('heads the output with the sweep, its seeds and runs', () => {
    expect(sweepHeading('swarm', '1..50', 50, 2, '2 workers')).toBe('sweep swarm  seeds 1..50 (50)  2 variants, 100 runs  2 workers');
  });
});
