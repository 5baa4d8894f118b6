// The library's runScenario: takes a scenario, its name, or a load result; checks its options in the
// library's words (options.FIELD, never a CLI flag); same inputs give the same fingerprints.

import { describe, expect, it } from 'vitest';
import { InputError, formatIssue } from '../errors.js';
import { MemoryTraceSink } from '../kernel/trace.js';
import { loadScenario, parseScenario } from '../scenario/scenario-input.js';
import { loadScenario as loadOrThrow } from '../scenario/load-scenario.js';
import { reproduceCommand, runScenario } from './library-run.js';

/** The one-line messages of the InputError that `call` throws (fails the test if it throws nothing else). */
function messagesOf(call: () => unknown): string[] {
  try {
    call();
  } catch (error) {
    if (error instanceof InputError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('runScenario (library)', () => {
  it('runs a scenario given by name, as loaded, or as a load result, with the same fingerprints', () => {
    const byName = runScenario('smoke', { seed: '3' });
    const loaded = runScenario(loadOrThrow('smoke'), { seed: '3' });
    const fromLoad = runScenario(loadScenario('smoke'), { seed: '3' });
    expect(byName.verdict).toBe('pass');
    expect(byName.description).toBe(loadOrThrow('smoke').description);
    expect(loaded.fingerprints).toEqual(byName.fingerprints);
    expect(fromLoad.fingerprints).toEqual(byName.fingerprints);
    expect(byName.seed).toBe('3');
  });

  it('honours the public options: a trace sink, a level, an event bound', () => {
    const sink = new MemoryTraceSink();
    const result = runScenario('smoke', { traceSink: sink, traceLevel: 'full', maxEvents: 3, checkpointEvery: 1 });
    expect(result.stop.reason).toBe('eventBound');
    expect(result.counts.events).toBe(3);
    expect(sink.text().split('\n').length).toBeGreaterThan(3);
  });

  it.each([
    ['an unknown variant key', { variant: { colour: 'blue' } },
      'options.variant: colour: got "colour", expected a variant key'],
    ['an unknown variant value', { variant: { recovery: 'sloppy' } },
      'options.variant: recovery: got "sloppy", expected one of'],
    ['an empty seed', { seed: '' }, 'options.seed: got "", expected a non-empty string'],
    ['a seed that is a number', { seed: 7 }, 'options.seed: got 7, expected a non-empty string'],
    ['a bad event bound', { maxEvents: 0 }, 'options.maxEvents: got 0, expected a whole number of at least 1'],
    ['a bad trace level', { traceLevel: 'loud' }, 'options.traceLevel: got "loud", expected one of off, summary, full'],
    ['a misspelt option', { seeds: '1' }, 'options.seeds: got "seeds", expected one of the options seed, variant'],
  ])('refuses %s in its own words', (_label, options, message) => {
    const messages = messagesOf(() => runScenario('smoke', options as never));
    expect(messages[0]).toContain(message);
    expect(messages.join('\n')).not.toMatch(/--/);
  });

  it('a load result with errors is thrown as those errors, with their locations', () => {
    const bad = parseScenario('name: x\nduration: 5 parsecs\n', { source: 'bad.yaml' });
    expect(messagesOf(() => runScenario(bad))).toEqual([bad.errors[0].message]);
    expect(messagesOf(() => runScenario('no-such-scenario-here'))[0])
      .toMatch(/^no-such-scenario-here: got no such file/);
  });

  it('gives the command that reproduces a run', () => {
    const result = runScenario('smoke', { seed: '9', variant: { recovery: 'ungated' } });
    expect(reproduceCommand(result)).toBe('npx mirrorsim run smoke --seed 9 --variant addressing=system-unique'
      + ' --variant mirroring=correct --variant recovery=ungated');
  });
});
