// Reads a scenario from YAML or JSON text, a file, or the built-in library, and validates it in full;
// every issue names the file, the line, the field path, the value and what was expected.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { type InputIssue, InputError } from '../errors.js';
import type { ActionCatalog } from '../faults/action-kind.js';
import { productCatalog } from '../faults/catalog.js';
import { PACKAGE_ROOT_URL } from '../package-files.js';
import { type Scenario, scenarioParser } from './scenario.js';
import { INVALID, ParseContext, type PathSegment, formatPath, isPlainObject } from './schema.js';
import { MAX_NESTING, estimatedNesting, yamlLimitIssues } from './yaml-limits.js';
import { didYouMean } from '../text/did-you-mean.js';

export const SCENARIO_DIRECTORY = fileURLToPath(new URL('scenarios/', PACKAGE_ROOT_URL));
export const DEFAULT_SCENARIO = 'default';

/** Files of the scenario directory that are not scenarios: the scenario schema (`mirrorsim.schema.json`). */
const isScenarioFile = (file: string): boolean =>
  ['.yaml', '.yml', '.json'].includes(extname(file)) && !file.endsWith('.schema.json');

/** A scenario file (or text) may be at most this many bytes: far more than any scenario needs (they are a few KB). */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
const SIZE_EXPECTED = `a scenario of at most ${MAX_SCENARIO_BYTES} bytes (1 MiB)`;

export function parseScenarioText(text: string, source: string, catalog: ActionCatalog = productCatalog): Scenario {
  const byteCount = Buffer.byteLength(text, 'utf8');
  if (byteCount > MAX_SCENARIO_BYTES) {
    const code = 'SCENARIO_TOO_LARGE';
    throw new InputError([{ source, path: '', value: `${byteCount} bytes`, expected: SIZE_EXPECTED, code }]);
  }
  const deep = estimatedNesting(text);
  if (deep !== undefined) {
    const before = text.slice(0, deep);
    const location = `${before.split('\n').length}:${deep - before.lastIndexOf('\n')}`;
    const value = `nesting deeper than ${MAX_NESTING} levels`;
    const expected = `at most ${MAX_NESTING} levels of nesting`;
    throw new InputError([{ source, path: '', value, expected, location, code: 'SCENARIO_TOO_DEEP' }]);
  }
  const lineCounter = new LineCounter();
  // Integers are read exactly (as bigints), so a seed beyond 2^53 stays exact; the others become numbers below.
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, intAsBigInt: true });
  if (document.errors.length > 0) {
    throw new InputError(document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      const message = error.message.split('\n')[0];
      const tooDeep = /call stack/i.test(message);
      return {
        source,
        path: '',
        value: tooDeep ? 'nesting too deep to read' : 'text that is not valid YAML or JSON',
        expected: tooDeep ? `at most ${MAX_NESTING} levels of nesting` : `a YAML or JSON scenario (${message})`,
        // Where the reader's stack ran out depends on the stack in use, so that position is not given.
        location: tooDeep ? undefined : `${position.line}:${position.col}`,
        code: tooDeep ? 'SCENARIO_TOO_DEEP' : 'SCENARIO_SYNTAX',
      };
    }));
  }
  const limits = yamlLimitIssues(document, lineCounter, source);
  if (limits.length > 0) throw new InputError(limits);
  // Aliases are bounded above (count, expanded size, no recursion), so the library's own alias check is not needed.
  const definition: unknown = document.toJS({ maxAliasCount: -1, reviver: (_key, value) => safeNumber(value) });
  const context = new ParseContext();
  const parsed = parserOf(catalog)(definition, [], context);
  if (parsed === INVALID || context.issues.length > 0) {
    throw new InputError(context.issues.map((issue): InputIssue => ({
      source,
      path: formatPath(issue.path),
      value: issue.value,
      expected: issue.expected,
      location: locate(document, lineCounter, issue.path),
      code: issue.code,
    })));
  }
  return { ...parsed, definition: withoutBigInts(definition), source };
}

const parsers = new WeakMap<ActionCatalog, ReturnType<typeof scenarioParser>>();

/** The scenario parser of a catalog, built once (parsers keep no state between calls). */
function parserOf(catalog: ActionCatalog): ReturnType<typeof scenarioParser> {
  let parser = parsers.get(catalog);
  if (parser === undefined) parsers.set(catalog, (parser = scenarioParser(catalog)));
  return parser;
}

/** A YAML integer in JavaScript's exact range becomes a number; a bigger one stays a bigint (a seed may be one). */
function safeNumber(value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** The definition as JSON can hold it (trace headers, digests): a big seed as its decimal string, the same seed. */
function withoutBigInts(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(withoutBigInts);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutBigInts(item)]));
}

/** `line:column` of the deepest node on the path that exists in the document. */
function locate(document: ReturnType<typeof parseDocument>, lineCounter: LineCounter, path: readonly PathSegment[]): string | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range !== undefined) {
      const position = lineCounter.linePos(range[0]);
      return `${position.line}:${position.col}`;
    }
  }
  return undefined;
}

/** A name from the built-in library (`detach-reattach`) or a path to a file. */
export function resolveScenarioPath(reference: string): string {
  if (existsSync(reference)) {
    const stats = statSync(reference);
    if (stats.isFile()) return resolve(reference);
    if (stats.isDirectory()) {
      const expected = 'a scenario file (YAML or JSON) or a built-in scenario name';
      const code = 'SCENARIO_NOT_A_FILE';
      throw new InputError([{ source: resolve(reference), path: '', value: 'a directory', expected, code }]);
    }
  }
  for (const extension of ['.yaml', '.yml', '.json']) {
    const candidate = join(SCENARIO_DIRECTORY, `${reference}${extension}`);
    if (isScenarioFile(candidate) && existsSync(candidate)) return candidate;
  }
  const known = listScenarios().map((entry) => entry.name);
  const typed = basename(reference).replace(/\.(ya?ml|json)$/, '');
  const expected = `a scenario file path or a built-in scenario name${didYouMean(typed, known)} (${known.join(', ')})`;
  throw new InputError([{ source: reference, path: '', value: 'no such file', expected, code: 'SCENARIO_NOT_FOUND' }]);
}

export function loadScenario(reference: string = DEFAULT_SCENARIO, catalog: ActionCatalog = productCatalog): Scenario {
  const path = resolveScenarioPath(reference);
  let text: string;
  try {
    const byteCount = statSync(path).size;
    if (byteCount > MAX_SCENARIO_BYTES) {
      const value = `a file of ${byteCount} bytes`;
      throw new InputError([{ source: path, path: '', value, expected: SIZE_EXPECTED, code: 'SCENARIO_TOO_LARGE' }]);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const expected = `a readable scenario file (${(error as Error).message})`;
    const code = 'SCENARIO_UNREADABLE';
    throw new InputError([{ source: path, path: '', value: 'an unreadable file', expected, code }]);
  }
  if (text.includes('\u0000')) {
    const expected = 'a YAML or JSON scenario (text)';
    throw new InputError([{ source: path, path: '', value: 'binary data', expected, code: 'SCENARIO_NOT_TEXT' }]);
  }
  return parseScenarioText(text, path, catalog);
}

export interface LibraryEntry {
  readonly name: string;
  readonly path: string;
  readonly description: string;
}

/** The built-in scenarios, by name. */
export function listScenarios(): LibraryEntry[] {
  if (!existsSync(SCENARIO_DIRECTORY)) return [];
  return readdirSync(SCENARIO_DIRECTORY)
    .filter(isScenarioFile)
    .sort()
    .map((file) => {
      const path = join(SCENARIO_DIRECTORY, file);
      let description = '';
      try {
        description = loadScenario(path).description;
      } catch (error) {
        description = error instanceof InputError ? '(invalid: run `mirrorsim validate` on it)' : '(unreadable)';
      }
      return { name: basename(file, extname(file)), path, description };
    });
}
