// The library's scenario input: load or parse a scenario and get either the scenario or every problem found,
// as data (code, file, path, value, expected, line, column), never a throw for bad input.

import { type InputIssue, InputError, formatIssue } from '../errors.js';
import { DEFAULT_SCENARIO, loadScenario as loadOrThrow, parseScenarioText } from './load-scenario.js';
import type { Scenario } from './scenario.js';

/**
 * Stable codes of scenario problems. FIELD_* come from validating the fields; SCENARIO_* from reading the
 * file or text; OPTION_* from a library call's options.
 */
export const SCENARIO_ISSUE_CODES = [
  'SCENARIO_NOT_FOUND', 'SCENARIO_NOT_A_FILE', 'SCENARIO_UNREADABLE', 'SCENARIO_TOO_LARGE', 'SCENARIO_NOT_TEXT',
  'SCENARIO_SYNTAX', 'SCENARIO_TOO_DEEP', 'SCENARIO_YAML_LIMIT', 'FIELD_UNKNOWN', 'FIELD_MISSING', 'FIELD_INVALID',
  'OPTION_UNKNOWN', 'OPTION_INVALID',
] as const;
export type ScenarioIssueCode = (typeof SCENARIO_ISSUE_CODES)[number];

export interface ScenarioIssue {
  readonly code: ScenarioIssueCode;
  /** The file (or the `source` label given with text; the reference when no file was found). */
  readonly file: string;
  /** The field path inside it, e.g. `faults.schedule[2].at`; '' for the whole scenario. */
  readonly path: string;
  /** The offending value as a person reads it (strings quoted), e.g. `"5 parsecs"`. */
  readonly value: string;
  /** What would have been accepted. */
  readonly expected: string;
  /** 1-based line and column in the file, where known. */
  readonly line: number | null;
  readonly column: number | null;
  /** The one-line message the CLI prints for it. */
  readonly message: string;
}

export type ScenarioLoad =
  | { readonly ok: true; readonly scenario: Scenario; readonly errors: readonly [] }
  | { readonly ok: false; readonly scenario?: undefined; readonly errors: readonly ScenarioIssue[] };

export interface ParseScenarioOptions {
  /** Names the text in issues and results (default `scenario text`). */
  readonly source?: string | undefined;
}

/** An InputError's issues as ScenarioIssues. */
export function scenarioIssues(error: InputError): ScenarioIssue[] {
  return error.issues.map(scenarioIssue);
}

function scenarioIssue(issue: InputIssue): ScenarioIssue {
  const match = /^(\d+):(\d+)$/.exec(issue.location ?? '');
  const code = (SCENARIO_ISSUE_CODES as readonly string[]).includes(issue.code ?? '') ? issue.code : 'FIELD_INVALID';
  return {
    code: code as ScenarioIssueCode,
    file: issue.source,
    path: issue.path,
    value: issue.value,
    expected: issue.expected,
    line: match === null ? null : Number(match[1]),
    column: match === null ? null : Number(match[2]),
    message: formatIssue(issue),
  };
}

function attempt(read: () => Scenario): ScenarioLoad {
  try {
    return { ok: true, scenario: read(), errors: [] };
  } catch (error) {
    if (!(error instanceof InputError)) throw error; // a bug of ours, not bad input
    return { ok: false, errors: scenarioIssues(error) };
  }
}

/** A built-in scenario by name (`detach-reattach`) or a YAML/JSON file by path: the scenario, or its problems. */
export function loadScenario(reference: string = DEFAULT_SCENARIO): ScenarioLoad {
  if (typeof reference !== 'string' || reference === '') {
    const value = JSON.stringify(reference) ?? 'nothing';
    const issue = { source: 'reference', path: '', value, code: 'OPTION_INVALID' };
    return { ok: false, errors: [scenarioIssue({ ...issue, expected: 'a built-in scenario name or a file path' })] };
  }
  return attempt(() => loadOrThrow(reference));
}

/** Scenario text (YAML or JSON): the scenario, or its problems. */
export function parseScenario(text: string, options: ParseScenarioOptions = {}): ScenarioLoad {
  const source = options.source ?? 'scenario text';
  if (typeof text !== 'string') {
    const expected = 'scenario text (a string)';
    const issue = { source, path: '', value: typeof text, expected, code: 'OPTION_INVALID' };
    return { ok: false, errors: [scenarioIssue(issue)] };
  }
  return attempt(() => parseScenarioText(text, source));
}

/** As loadScenario, but throws an InputError (its message lists every problem, one a line). */
export function loadScenarioOrThrow(reference: string = DEFAULT_SCENARIO): Scenario {
  return loadOrThrow(reference);
}

/** As parseScenario, but throws an InputError. */
export function parseScenarioOrThrow(text: string, options: ParseScenarioOptions = {}): Scenario {
  return parseScenarioText(text, options.source ?? 'scenario text');
}
