// An assertion of the logic under test (src/assert.ts) that fails under simulation is an `assertion`
// violation at its event, naming the seed, not an internal error; sim's own AssertionFailure still is one.

import { describe, expect, it } from 'vitest';
import { assert as logicAssert } from '../../src/assert.js';
import type { ActionCatalog, ActionKind } from '../faults/action-kind.js';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { testCatalog } from '../testing/test-catalog.js';
import { runScenario } from './run-scenario.js';

const logicAssertion: ActionKind = {
  name: 'test.logicAssert',
  summary: 'Test action: an assertion of the logic under test that does not hold.',
  fields: {},
  apply: () => logicAssert(false, 'the logic broke on purpose', 42),
};
const catalog: ActionCatalog = { ...testCatalog, 'test.logicAssert': logicAssertion };

const run = (action: string) => {
  const text = `
name: logic-assertion
duration: 10s
faults:
  schedule:
    - { at: 1s, action: note, message: start }
    - { at: 4s, action: ${action} }
    - { at: 6s, action: note, message: never reached }
`;
  return runScenario(parseScenarioText(text, 'logic-assertion.yaml', catalog), { seed: '5', catalog });
};

describe('assertion failures under simulation', () => {
  it('a LogicAssertionError from src/ becomes an assertion violation with its code, seed, time and event', () => {
    const result = run('test.logicAssert');
    expect(result.verdict).toBe('fail');
    expect(result.stop.reason).toBe('stopped');
    expect(result.violations).toHaveLength(1);
    const [violation] = result.violations;
    expect(violation).toMatchObject({ invariant: 'assertion', timeUs: 4_000_000 });
    expect(violation.message).toBe('MIRRORSIM_LOGIC_ASSERTION: the logic broke on purpose (got 42)');
    expect(violation.eventNumber).toBe(2);
    expect(violation.chain.join(' ')).toMatch(/logic under test.*seed "5"/);
    expect(result.counts.actions.note).toBe(1);
  });

  it('sim\'s own AssertionFailure is still an assertion violation', () => {
    const result = run('test.assert');
    expect(result.violations.map((violation) => violation.invariant)).toEqual(['assertion']);
    expect(result.violations[0].message).toContain('test.assert always fails');
  });

  it('any other error is still an internal error (thrown)', () => {
    const broken: ActionKind = {
      name: 'test.broken',
      summary: 'throws a plain error',
      fields: {},
      apply: () => {
        throw new TypeError('boom');
      },
    };
    const text = 'name: broken\nduration: 5s\nfaults:\n  schedule:\n    - { at: 1s, action: test.broken }\n';
    const withBroken: ActionCatalog = { ...catalog, 'test.broken': broken };
    const scenario = parseScenarioText(text, 'broken.yaml', withBroken);
    expect(() => runScenario(scenario, { catalog: withBroken })).toThrow(TypeError);
  });
});
