// The mirrorsim/vitest matchers, registered by importing the entry: each passes where it should, and fails
// with a message carrying the first violation's causal chain and the reproduce command; `.not` inverts.

import { beforeAll, describe, expect, it } from 'vitest';
import './index.js';
import { mirrorsimMatchers } from './index.js';
import { compareVariants, type Comparison } from '../runner/compare-variants.js';
import { runScenario } from '../runner/library-run.js';
import type { RunResult } from '../runner/run-result.js';
import { parseScenarioOrThrow } from '../scenario/scenario-input.js';
import { runSweep, type SweepResult } from '../sweep/library-sweep.js';
import { TINY_DETACH, tinyVolume } from '../testing/library-fixtures.js';

const detach = parseScenarioOrThrow(TINY_DETACH, { source: 'tiny-detach.yaml' });
const PROBLEM = { addressing: 'shared-range' };
const FIX = { addressing: 'system-unique' };
let broken: RunResult;
let fixed: RunResult;
let live: RunResult;
let stuck: RunResult;
let sweepBoth: SweepResult;
let sweepFixed: SweepResult;
let sweepVolume: SweepResult;
let comparison: Comparison;

beforeAll(async () => {
  broken = runScenario(detach, { seed: '2', variant: PROBLEM });
  fixed = runScenario(detach, { seed: '2', variant: FIX });
  live = runScenario(parseScenarioOrThrow(tinyVolume('30s')));
  stuck = runScenario(parseScenarioOrThrow(tinyVolume('200ms')));
  sweepBoth = await runSweep({ scenario: detach, seeds: '1', variants: [PROBLEM, FIX], workers: 'in-process' });
  sweepFixed = await runSweep({ scenario: detach, seeds: '1', variants: [FIX], workers: 'in-process' });
  sweepVolume = await runSweep({ scenario: 'smoke', seeds: '1..2', workers: 'in-process' });
  comparison = compareVariants(detach, { seed: '2', variants: [
    { label: 'problem', variant: PROBLEM, expect: 'fail' }, { label: 'fix', variant: FIX, expect: 'pass' }] });
}, 120_000);

/** The message of the assertion error `assertion` throws (the test fails if it throws none). */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the matcher to fail');
}

const REPRODUCE = 'reproduce: npx mirrorsim run tiny-detach.yaml --seed 2 --variant addressing=shared-range';

describe('mirrorsim/vitest matchers', () => {
  it('registers every matcher with expect', () => {
    expect(Object.keys(mirrorsimMatchers).sort()).toEqual(['toBeAsExpected', 'toBeLive', 'toHaveNoForeignResolutions',
      'toHoldAllInvariants', 'toMatchFingerprints', 'toViolate']);
    for (const name of Object.keys(mirrorsimMatchers)) expect(typeof (expect(fixed) as never)[name]).toBe('function');
  });

  it('toHoldAllInvariants: passes a clean run, fails a broken one with its chain and reproduce command', () => {
    expect(fixed).toHoldAllInvariants();
    expect(broken).not.toHoldAllInvariants();
    const message = failureOf(() => expect(broken).toHoldAllInvariants());
    expect(message).toContain('expected tiny-detach seed 2 (addressing=shared-range mirroring=correct recovery=gated)'
      + ' to hold every invariant, but it broke');
    expect(message).toContain('first violation, with its causal chain:\n  foreignResolution at');
    expect(message).toMatch(/\n {6}-> pointer #\d+ stored at/); // the chain's steps
    expect(message).toContain(REPRODUCE);
    const negated = failureOf(() => expect(fixed).not.toHoldAllInvariants());
    expect(negated).toContain('to break an invariant, but every invariant held');
    expect(negated).toContain(`${REPRODUCE.replace('shared-range', 'system-unique')}`);
  });

  it('toHoldAllInvariants on a sweep: lists the failing seeds with their replay commands', () => {
    expect(sweepFixed).toHoldAllInvariants();
    const message = failureOf(() => expect(sweepBoth).toHoldAllInvariants());
    expect(message)
      .toContain('expected sweep tiny-detach (seeds 1) to hold every invariant, but 1 of 2 runs broke one');
    expect(message).toContain('addressing=shared-range: 1 of 1 seeds');
    expect(message).toContain('seed 1 (foreignResolution): npx mirrorsim run tiny-detach.yaml --seed 1');
  });

  it('toHaveNoForeignResolutions: counts them, with the first one\'s chain; refuses a run without pointers', () => {
    expect(fixed).toHaveNoForeignResolutions();
    expect(sweepFixed).toHaveNoForeignResolutions();
    const message = failureOf(() => expect(broken).toHaveNoForeignResolutions());
    expect(message).toMatch(/but \d+ of \d+ were foreign/);
    expect(message).toContain('first foreign resolution, with its causal chain:\n  foreignResolution at');
    expect(message).toContain(REPRODUCE);
    expect(failureOf(() => expect(sweepBoth).toHaveNoForeignResolutions())).toContain('seed 1 (foreignResolution)');
    expect(() => expect(live).toHaveNoForeignResolutions()).toThrow(/does not judge a run without pointers/);
    expect(() => expect(sweepVolume).toHaveNoForeignResolutions()).toThrow(/smoke has no two systems/);
  });

  it('toBeLive: passes a phase that converged, fails one that did not with its chain; refuses no phase', () => {
    expect(live).toBeLive();
    expect(stuck).not.toBeLive();
    const message = failureOf(() => expect(stuck).toBeLive());
    expect(message).toContain('expected tiny-volume seed 1');
    expect(message).toContain('to be live (healed at 4s');
    expect(message).toContain('first liveness violation, with its causal chain:\n  liveness at');
    expect(message).toContain('reproduce: npx mirrorsim run');
    expect(failureOf(() => expect(live).not.toBeLive())).toContain('not to be live, but it converged at');
    expect(() => expect(broken).toBeLive()).toThrow(/tiny-detach has no `liveness:` section/);
  });

  it('toViolate: a flawed variant is caught (of a named invariant), or not', () => {
    expect(broken).toViolate();
    expect(broken).toViolate('foreignResolution');
    expect(broken).not.toViolate('acknowledgedWriteLost');
    expect(sweepBoth).toViolate('foreignResolution');
    expect(sweepFixed).not.toViolate();
    expect(failureOf(() => expect(fixed).toViolate('foreignResolution')))
      .toContain('to find a foreignResolution violation, but every invariant held');
    const negated = failureOf(() => expect(broken).not.toViolate('foreignResolution'));
    expect(negated).toContain('the first, with its causal chain:\n  foreignResolution at');
    expect(negated).toContain(REPRODUCE);
    expect(failureOf(() => expect(sweepFixed).toViolate())).toContain('none of its 1 runs did');
  });

  it('toMatchFingerprints: pinned fingerprints hold; a change names which and says if only scheduling changed', () => {
    expect(fixed).toMatchFingerprints(fixed.fingerprints);
    expect(fixed).toMatchFingerprints({ outcome: fixed.fingerprints.outcome });
    const message = failureOf(() => expect(fixed).toMatchFingerprints({ schedule: '0000000000000000',
      outcome: fixed.fingerprints.outcome }));
    expect(message).toContain('schedule: expected 0000000000000000, got ' + fixed.fingerprints.schedule);
    expect(message).toContain('only the order of scheduling changed');
    expect(message).toContain('reproduce: npx mirrorsim run tiny-detach.yaml --seed 2');
    expect(fixed).not.toMatchFingerprints({ outcome: broken.fingerprints.outcome });
    expect(() => expect(fixed).toMatchFingerprints({})).toThrow(/at least one of them/);
  });

  it('toBeAsExpected: each compared variant gave its expected verdict, or the message says which did not', () => {
    expect(comparison).toBeAsExpected();
    const swapped = { ...comparison, asExpected: false,
      runs: comparison.runs.map((run) => ({ ...run, expect: run.verdict === 'pass' ? 'fail' : 'pass',
        asExpected: false })) };
    const message = failureOf(() => expect(swapped).toBeAsExpected());
    expect(message).toContain('but 2 did not');
    expect(message).toContain('problem: expected pass, got fail (');
    expect(message).toContain('first violation, with its causal chain:');
    expect(message).toContain(`    ${REPRODUCE}`);
    expect(() => expect(comparison).toHoldAllInvariants()).toThrow(/use toBeAsExpected/);
  });

  it('refuses what is not a mirrorsim result', () => {
    expect(() => expect({ verdict: 'pass' }).toHoldAllInvariants()).toThrow(/a result of runScenario, runSweep/);
    expect(() => expect(null).toBeLive()).toThrow(/got null/);
  });
});
