// The library's scenario input: a scenario or every problem as data (code, file, path, value, expected,
// line, column), each kind of problem with its own stable code; the throwing variants throw the same issues.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { MAX_ALIASES, MAX_NESTING } from './yaml-limits.js';
import {
  SCENARIO_ISSUE_CODES, loadScenario, loadScenarioOrThrow, parseScenario, parseScenarioOrThrow,
} from './scenario-input.js';

const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-input-'));
const GOOD = 'name: fine\nduration: 5s\n';

describe('loadScenario / parseScenario (errors as data)', () => {
  it('gives the scenario and no errors for a good one, by name and from text', () => {
    const byName = loadScenario('smoke');
    expect(byName.ok).toBe(true);
    expect(byName.errors).toEqual([]);
    expect(byName.scenario?.name).toBe('smoke');
    const fromText = parseScenario(GOOD, { source: 'inline.yaml' });
    expect(fromText).toMatchObject({ ok: true,
      scenario: { name: 'fine', durationUs: 5_000_000, source: 'inline.yaml' } });
  });

  it('names file, path, value, expectation, line and column of a bad field', () => {
    const loaded = parseScenario('name: bad\nduration: 5 parsecs\n', { source: 'bad.yaml' });
    expect(loaded.ok).toBe(false);
    expect(loaded.errors).toHaveLength(1);
    const [issue] = loaded.errors;
    expect(issue).toMatchObject({ code: 'FIELD_INVALID', file: 'bad.yaml', path: 'duration', value: '"5 parsecs"',
      line: 2,
      column: 11 });
    expect(issue.expected).toMatch(/duration/);
    expect(issue.message).toBe(`bad.yaml:2:11: duration: got "5 parsecs", expected ${issue.expected}`);
  });

  it('lists every problem at once', () => {
    const loaded = parseScenario('name: bad\nduration: 5 parsecs\ncolour: blue\n');
    expect(loaded.errors.map((issue) => `${issue.code} ${issue.path}`).sort()).toEqual(['FIELD_INVALID duration',
      'FIELD_UNKNOWN colour']);
    expect(loaded.errors.every((issue) => issue.file === 'scenario text')).toBe(true);
  });

  const directory = join(scratch, 'a-directory');
  mkdirSync(directory);
  const binary = join(scratch, 'binary.yaml');
  writeFileSync(binary, 'name: x\u0000\n');
  const deep = `a: ${'['.repeat(MAX_NESTING + 5)}${']'.repeat(MAX_NESTING + 5)}\n`;
  it.each([
    ['a missing file', () => loadScenario(join(scratch, 'missing.yaml')), 'SCENARIO_NOT_FOUND', 'no such file'],
    ['a directory', () => loadScenario(directory), 'SCENARIO_NOT_A_FILE', 'a directory'],
    ['binary data', () => loadScenario(binary), 'SCENARIO_NOT_TEXT', 'binary data'],
    ['text too large', () => parseScenario('#'.repeat(1024 * 1024 + 1)), 'SCENARIO_TOO_LARGE', '1048577 bytes'],
    ['not YAML', () => parseScenario('name: [unclosed\n'), 'SCENARIO_SYNTAX', 'text that is not valid YAML or JSON'],
    ['nesting too deep', () => parseScenario(deep), 'SCENARIO_TOO_DEEP', `nesting deeper than ${MAX_NESTING} levels`],
    ['too many aliases', () => parseScenario(`e: &e 1\nl: [${Array(MAX_ALIASES + 1).fill('*e').join(', ')}]\n`),
      'SCENARIO_YAML_LIMIT', `${MAX_ALIASES + 1} aliases`],
    ['a missing field', () => parseScenario('duration: 5s\n'), 'FIELD_MISSING', 'nothing'],
    ['an unknown field', () => parseScenario(`${GOOD}colour: blue\n`), 'FIELD_UNKNOWN', '"blue"'],
    ['an unknown variant key', () => parseScenario(`${GOOD}variant: { colour: blue }\n`), 'FIELD_UNKNOWN', '"blue"'],
    ['a bad value', () => parseScenario('name: x\nduration: -1s\n'), 'FIELD_INVALID', '"-1s"'],
    ['a non-string reference', () => loadScenario(42 as unknown as string), 'OPTION_INVALID', '42'],
  ])('%s has its own code', (_label, load, code, value) => {
    const loaded = load();
    expect(loaded.ok).toBe(false);
    expect(loaded.errors[0]).toMatchObject({ code, value });
    expect(SCENARIO_ISSUE_CODES).toContain(loaded.errors[0].code);
    expect(loaded.errors[0].message).not.toMatch(/--/); // the library's wording, never a CLI flag
  });

  it('the throwing variants throw an InputError with the same issues', () => {
    expect(loadScenarioOrThrow('smoke').name).toBe('smoke');
    expect(parseScenarioOrThrow(GOOD).name).toBe('fine');
    let thrown: unknown;
    try {
      parseScenarioOrThrow('duration: 5s\n', { source: 'x.yaml' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).issues).toMatchObject([{ source: 'x.yaml', path: 'name', code: 'FIELD_MISSING' }]);
    expect(() => loadScenarioOrThrow(join(scratch, 'missing.yaml'))).toThrow(/missing\.yaml: got no such file/);
  });

  it('text that is not a string is a problem as data too', () => {
    expect(parseScenario(undefined as unknown as string).errors[0]).toMatchObject({ code: 'OPTION_INVALID',
      value: 'undefined', expected: 'scenario text (a string)' });
  });
});
