// compareVariants: the problem beside its fix on one seed, as data; the scenario's compare list or the
// variants given; bad variants named in the library's words.

import { describe, expect, it } from 'vitest';
import { InputError, formatIssue } from '../errors.js';
import { TINY_DETACH } from '../testing/library-fixtures.js';
import { parseScenarioOrThrow } from '../scenario/scenario-input.js';
import { compareVariants } from './compare-variants.js';

const scenario = parseScenarioOrThrow(TINY_DETACH, { source: 'tiny-detach.yaml' });
const VARIANTS = [
  { label: 'problem', variant: { addressing: 'shared-range' }, expect: 'fail' as const },
  { label: 'fix', variant: { addressing: 'system-unique' }, expect: 'pass' as const },
];

function messagesOf(call: () => unknown): string[] {
  try {
    call();
  } catch (error) {
    if (error instanceof InputError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('compareVariants', () => {
  it('sets each variant on the same seed side by side, with its verdict against the expected one', () => {
    const comparison = compareVariants(scenario, { seed: '2', variants: VARIANTS, cwd: '/' });
    expect(comparison.scenario).toEqual({ name: 'tiny-detach', description: scenario.description,
      source: 'tiny-detach.yaml' });
    expect(comparison.seed).toBe('2');
    expect(comparison.asExpected).toBe(true);
    const [problem, fix] = comparison.runs;
    expect(problem).toMatchObject({ label: 'problem', expect: 'fail', verdict: 'fail', asExpected: true });
    expect(problem.violationsByInvariant.foreignResolution).toBe(problem.resolutions!.foreign);
    expect(problem.firstViolation).toEqual(problem.result.violations[0]);
    expect(problem.reproduce).toContain('--seed 2 --variant addressing=shared-range');
    expect(fix).toMatchObject({ label: 'fix', verdict: 'pass', asExpected: true, violations: 0, firstViolation: null,
      violationsByInvariant: {}, recoveries: null });
    expect(fix.resolutions!.foreign).toBe(0);
    expect(fix.writeLatency?.count).toBeGreaterThan(0);
    expect(fix.events).toBe(fix.result.counts.events);
  });

  it('says when a variant did not give its expected verdict', () => {
    const swapped = VARIANTS.map((entry) => ({ ...entry,
      expect: entry.expect === 'pass' ? 'fail' as const : 'pass' as const }));
    const comparison = compareVariants(scenario, { seed: '2', variants: swapped });
    expect(comparison.asExpected).toBe(false);
    expect(comparison.runs.map((run) => run.asExpected)).toEqual([false, false]);
  });

  it('uses the scenario\'s compare list, and refuses a scenario without one and bad variants', () => {
    expect(compareVariants('default', { maxEvents: 50 }).runs.map((run) => run.label)).toHaveLength(2);
    expect(messagesOf(() => compareVariants(scenario))[0])
      .toMatch(/^options\.variants: got nothing, expected variants/);
    const bad = [{ label: '', variant: { addressing: 'nope' }, expect: 'maybe' }];
    const messages = messagesOf(() => compareVariants(scenario, { variants: bad as never }));
    expect(messages).toEqual([
      'options.variants[0]: label: got "", expected a label',
      'options.variants[0]: expect: got "maybe", expected "pass" or "fail"',
      expect.stringMatching(/^options\.variants\[0\]\.variant: addressing: got "nope", expected one of /),
    ]);
  });
});
