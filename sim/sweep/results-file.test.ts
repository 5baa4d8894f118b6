// results.jsonl: what a resume or merge reads back (torn, duplicate, malformed rows) and the canonical order.

import { describe, expect, it } from 'vitest';
import { canonicalRows, foreignRows, parseResults, resultsText } from './results-file.js';
import { type SweepRow, rowLine } from './sweep-row.js';

function row(seed: string, variant = 'v', events = 10): SweepRow {
  return {
    seed, variant, verdict: 'pass', violations: 0, invariants: [], firstViolationUs: null, resolutions: null, events,
    fingerprints: { schedule: '0', outcome: '0' }, probesUnreached: [],
  };
}
const line = (value: SweepRow): string => `${rowLine(value)}\n`;
const one = line(row('1'));
const two = line(row('2'));
const changed = (fields: Record<string, unknown>): string => `${JSON.stringify({ ...row('1'), ...fields })}\n`;

describe('parseResults', () => {
  it.each([
    ['an empty file', '', ['1', '2'].slice(0, 0), false, 0],
    ['whole rows', one + two, ['1', '2'], false, 0],
    ['a torn last row (dropped)', one + two.slice(0, 30), ['1'], true, 0],
    ['only a torn row (dropped)', two.slice(0, 17), [], true, 0],
    ['a last row without its newline (kept)', one + two.slice(0, -1), ['1', '2'], true, 0],
    ['an exact duplicate (skipped)', one + two + one, ['1', '2'], false, 1],
    ['blank lines (skipped)', `${one}\n${two}`, ['1', '2'], false, 0],
  ])('reads %s', (_label, text, seeds, torn, duplicates) => {
    const read = parseResults('r.jsonl', text);
    expect(read.rows.map((entry) => entry.seed)).toEqual(seeds);
    expect(read.tornLastLine).toBe(torn);
    expect(read.duplicateLines).toBe(duplicates);
  });

  it.each([
    ['a line that is not JSON', `${one}{"seed":oops\n${two}`, /r\.jsonl:2: got "\{\\"seed\\":oops", expected a/],
    ['null', `null\n${two}`, /r\.jsonl:1: got "null", expected a results\.jsonl row/],
    ['a list', `[1,2]\n`, /r\.jsonl:1: got "\[1,2\]", expected a results\.jsonl row/],
    ['a row without a seed', changed({ seed: undefined }), /r\.jsonl:1: seed: got nothing, expected a non-empty/],
    ['a row with a bad verdict', changed({ verdict: 'maybe' }), /verdict: got "maybe", expected "pass" or "fail"/],
    ['a row with negative events', changed({ events: -1 }), /events: got -1, expected a count of events/],
    ['a row without fingerprints', changed({ fingerprints: null }), /fingerprints: got null, expected the schedule/],
    ['two different results for one run', one + line(row('1', 'v', 11)),
      /r\.jsonl:2: got another result for seed "1", variant "v", expected one result per run.*line 1/],
  ])('refuses %s, naming the line', (_label, text, message) => {
    expect(() => parseResults('r.jsonl', text)).toThrow(message);
  });

  it('names rows of another sweep', () => {
    const issues = foreignRows('r.jsonl', [row('1'), row('9'), row('1', 'w')], ['1', '2'], ['v']);
    expect(issues).toHaveLength(1);
    expect(issues[0].value).toBe('a row for seed "9", variant "v"');
  });
});

describe('canonical order', () => {
  const seeds = ['10', '9', '1', 'abc', '2'];
  const labels = ['b', 'a'];
  const all = seeds.flatMap((seed) => labels.map((label) => row(seed, label)));

  it('is the seeds as given, then the variants as given, whatever order the rows came in', () => {
    const expected = resultsText(all);
    let state = 7;
    for (let trial = 0; trial < 50; trial += 1) {
      const shuffled = [...all];
      for (let index = shuffled.length - 1; index > 0; index -= 1) {
        state = (state * 1103515245 + 12345) % 2147483648;
        const other = state % (index + 1);
        [shuffled[index], shuffled[other]] = [shuffled[other], shuffled[index]];
      }
      expect(resultsText(canonicalRows(shuffled, seeds, labels))).toBe(expected);
    }
    const first = canonicalRows(all, seeds, labels).slice(0, 4);
    expect(first.map((entry) => `${entry.seed}/${entry.variant}`)).toEqual(['10/b', '10/a', '9/b', '9/a']);
  });

  it('of shards put together is that of the whole sweep', () => {
    const parts = [all.slice(6), all.slice(0, 3), all.slice(3, 6)];
    expect(resultsText(canonicalRows(parts.flat(), seeds, labels))).toBe(resultsText(all));
  });

  it('refuses a row of another sweep or a run twice (a bug upstream)', () => {
    expect(() => canonicalRows([row('77', 'a')], seeds, labels)).toThrow(/not of this sweep/);
    expect(() => canonicalRows([row('1', 'a'), row('1', 'a')], seeds, labels)).toThrow(/two rows/);
  });
});
