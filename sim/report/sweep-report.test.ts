import { describe, expect, it } from 'vitest';
import type { SweepRow } from '../sweep/sweep-row.js';
import { summarise } from '../sweep/sweep-summary.js';
import { loadD3Node } from './run-report.js';
import { renderSweepReport, sweepVerdict } from './sweep-report.js';

function row(seed: number, variant: string, violations: number): SweepRow {
  return {
    seed: String(seed), variant, verdict: violations > 0 ? 'fail' : 'pass', violations,
    invariants: violations > 0 ? ['foreignResolution'] : [], firstViolationUs: violations > 0 ? (40 + seed) * 1e6 : null,
    resolutions: { ok: 90, falseStale: variant.includes('invalidate') ? 10 : 0, foreign: violations },
    events: 10, fingerprints: { schedule: '0', outcome: '0' }, probesUnreached: [],
  };
}

const labels = ['addressing=shared-range', 'addressing=system-unique', 'addressing=system-unique-lazy', 'addressing=invalidate-all'];
const variants = labels.map((label) => ({ addressing: label.split('=')[1] }));
const rows = Array.from({ length: 100 }, (_, index) => index + 1).flatMap((seed) => [
  row(seed, labels[0], seed <= 97 ? seed % 40 + 1 : 0), row(seed, labels[1], 0), row(seed, labels[2], 0), row(seed, labels[3], 0),
]);

describe('the sweep report', () => {
  const summaries = summarise(rows, labels, variants, '/elsewhere/detach-reattach.yaml', '/elsewhere');

  it('expects a flawed variant to fail, bounds each failing share and flags unexpected passes', () => {
    expect(summaries.map((summary) => summary.expect)).toEqual(['fail', 'pass', 'fail', 'pass']);
    expect(summaries[0].unexpectedSeeds).toEqual(['98', '99', '100']);
    expect(summaries[1].failShareUpper95).toBeCloseTo(0.03, 10); // 0 of 100: the rule of three
    expect(summaries[2].unexpectedSeeds).toHaveLength(100);
    expect(summaries[3].falseStaleRate).toBeCloseTo(0.1, 10);
    expect(summaries[0].violationsPerSeed).toEqual([3, 2, 6, 12, 24, 35, 18]) // none; 1; 2-3; ...; 32-63;
    expect(summaries[0].failingGroups).toEqual([{ invariants: ['foreignResolution'], seeds: rows.filter((entry) => entry.variant === labels[0] && entry.violations > 0).map((entry) => entry.seed) }]);
    expect(summaries[0].reproduceTemplate).toBe('npx mirrorsim run detach-reattach.yaml --seed SEED --variant addressing=shared-range');
    expect(sweepVerdict(summaries).text).toContain('addressing=shared-range is flawed on purpose but passed 3 of 100 seeds');
    expect(sweepVerdict([summaries[1]])).toEqual({ asExpected: true, text: 'As expected: every variant gave its expected verdict on every seed.' });
  });

  it('a scenario may say what it expects: the given expectations win', () => {
    const given = summarise(rows, labels, variants, '/elsewhere/x.yaml', '/elsewhere', ['fail', 'fail', 'pass', 'pass']);
    expect(given.map((summary) => summary.unexpectedSeeds.length)).toEqual([3, 100, 0, 0]);
  });

  it('writes the verdict first, one replay template, the seeds compactly, and the same bytes twice', async () => {
    const D3Node = await loadD3Node();
    const files = renderSweepReport(D3Node, 'detach-reattach', '1..100', 60, summaries);
    const html = files['index.html'];
    expect(html.indexOf('id="verdict"')).toBeLessThan(html.indexOf('<table'));
    expect(html).toContain('class="verdict-line unexpected"');
    expect(html.match(/--seed SEED/g)).toHaveLength(1);
    expect(html).toContain('1..97');
    expect(html).toContain('Passed although flawed (3): <span class="seeds">98..100</span>');
    expect(html).toContain('Clopper-Pearson');
    expect(html).not.toContain('--seed 1 ');
    expect(files['summary.md']).toContain('| addressing=shared-range | fail | 100 | 97 (97.0 %) **unexpected** |');
    expect(renderSweepReport(D3Node, 'detach-reattach', '1..100', 60, summaries)).toEqual(files);
  });
});
