import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { testCatalog } from '../testing/test-catalog.js';
import { listScenarios, loadScenario, parseScenarioText } from './load-scenario.js';

const valid = `
name: t
duration: 30s
seed: 5
faults:
  schedule:
    - { at: 1s, action: note, message: hello }
  random: { test.blip: 2/s }
  swarm: true
liveness: { heal: 20s, convergeWithin: 5s }
`;

function issuesOf(text: string): InputError['issues'] {
  try {
    parseScenarioText(text, 'case.yaml', testCatalog);
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('scenario loading', () => {
  it('parses every unit once, into integers with units in their names', () => {
    const scenario = parseScenarioText(valid, 'case.yaml', testCatalog);
    expect(scenario.durationUs).toBe(30_000_000);
    expect(scenario.seed).toBe('5');
    expect(scenario.faults.schedule).toEqual([{ atUs: 1_000_000, action: 'note', params: { message: 'hello' } }]);
    expect(scenario.faults.randomIntervalUs).toEqual({ 'test.blip': 500_000 });
    expect(scenario.faults.swarm).toBe(true);
    expect(scenario.liveness).toEqual({ healUs: 20_000_000, convergeWithinUs: 5_000_000 });
  });

  it('accepts JSON as well as YAML', () => {
    const scenario = parseScenarioText('{"name": "j", "duration": "1s"}', 'case.json', testCatalog);
    expect(scenario.name).toBe('j');
  });

  // Each malformed case names the field, and the message names value and expectation.
  it.each([
    ['wrong type', 'name: t\nduration: 30s\nfaults: { swarm: "yes" }\n', 'faults.swarm', '"yes"', 'true or false'],
    ['unknown field', 'name: t\nduration: 30s\ncolour: blue\n', 'colour', '"blue"', 'no field "colour"'],
    ['negative duration', 'name: t\nduration: -5s\n', 'duration', '"-5s"', 'positive duration'],
    ['bad unit', 'name: t\nduration: 30 fortnights\n', 'duration', '"30 fortnights"', 'us, ms, s, min, h'],
    ['missing required field', 'duration: 30s\n', 'name', 'nothing', 'required'],
    ['unknown action', 'name: t\nduration: 30s\nfaults: { schedule: [ { at: 1s, action: explode } ] }\n', 'faults.schedule[0].action', '"explode"', 'one of'],
    ['action time past the end', 'name: t\nduration: 30s\nfaults: { schedule: [ { at: 40s, action: note, message: m } ] }\n', 'faults.schedule[0].at', '"40s"', "before the scenario's duration"],
    ['rate of a kind that cannot be random', 'name: t\nduration: 30s\nfaults: { random: { note: 1/s } }\n', 'faults.random.note', '"1/s"', 'known keys: test.blip, test.hum'],
    [
      'bad rate',
      'name: t\nduration: 30s\nfaults: { random: { test.blip: often } }\n',
      'faults.random.test.blip',
      '"often"',
      'a rate such as 2000/s',
    ],
    ['not a map', '- just\n- a list\n', '', '["just","a list"]', 'a scenario with fields'],
  ])('%s', (_label, text, path, value, expected) => {
    const issues = issuesOf(text);
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.value).toBe(value);
    expect(issue!.expected).toContain(expected);
    expect(issue!.source).toBe('case.yaml');
  });

  it('reports text that is not YAML with its line', () => {
    const issues = issuesOf('name: [unclosed\nduration: 1s\n');
    expect(issues[0].expected).toMatch(/YAML or JSON/);
    expect(issues[0].location).toMatch(/^\d+:\d+$/);
  });

  it('reports every issue of a file at once, with line and column', () => {
    const issues = issuesOf('name: t\nduration: soon\nseed: [1]\nextra: 1\n');
    expect(issues.map((issue) => issue.path).sort()).toEqual(['duration', 'extra', 'seed']);
    expect(issues.find((issue) => issue.path === 'duration')!.location).toBe('2:11');
  });

  it('names a missing file and lists the built-in scenarios', () => {
    expect(() => loadScenario('no/such/scenario.yaml')).toThrow(/no\/such\/scenario\.yaml: got no such file, expected a scenario file path or a built-in scenario name \(.*default/);
  });

  it('every shipped scenario validates', () => {
    const entries = listScenarios();
    expect(entries.map((entry) => entry.name)).toContain('default');
    for (const entry of entries) expect(() => loadScenario(entry.path)).not.toThrow();
  });
});
