// Reads a scenario from YAML or JSON text, a file, or the built-in library, and validates it in full;
// every issue names the file, the line, the field path, the value and what was expected.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { type InputIssue, InputError } from '../errors.js';
import type { ActionCatalog } from '../faults/action-kind.js';
import { productCatalog } from '../faults/catalog.js';
import { type Scenario, scenarioParser } from './scenario.js';
import { INVALID, ParseContext, type PathSegment, formatPath } from './schema.js';

export const SCENARIO_DIRECTORY = fileURLToPath(new URL('../../scenarios/', import.meta.url));
export const DEFAULT_SCENARIO = 'default';

export function parseScenarioText(text: string, source: string, catalog: ActionCatalog = productCatalog): Scenario {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new InputError(document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return {
        source,
        path: '',
        value: 'text that is not valid YAML or JSON',
        expected: `a YAML or JSON scenario (${error.message.split('\n')[0]})`,
        location: `${position.line}:${position.col}`,
      };
    }));
  }
  const definition: unknown = document.toJS({ maxAliasCount: 100 });
  const context = new ParseContext();
  const parsed = scenarioParser(catalog)(definition, [], context);
  if (parsed === INVALID || context.issues.length > 0) {
    throw new InputError(context.issues.map((issue): InputIssue => ({
      source,
      path: formatPath(issue.path),
      value: issue.value,
      expected: issue.expected,
      location: locate(document, lineCounter, issue.path),
    })));
  }
  return { ...parsed, definition, source };
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
  if (existsSync(reference) && statSync(reference).isFile()) return resolve(reference);
  for (const extension of ['.yaml', '.yml', '.json']) {
    const candidate = join(SCENARIO_DIRECTORY, `${reference}${extension}`);
    if (existsSync(candidate)) return candidate;
  }
  const known = listScenarios().map((entry) => entry.name).join(', ');
  throw new InputError([{ source: reference, path: '', value: 'no such file', expected: `a scenario file path or a built-in scenario name (${known})` }]);
}

export function loadScenario(reference: string = DEFAULT_SCENARIO, catalog: ActionCatalog = productCatalog): Scenario {
  const path = resolveScenarioPath(reference);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError([{ source: path, path: '', value: 'an unreadable file', expected: `a readable scenario file (${(error as Error).message})` }]);
  }
  if (text.includes('\u0000')) throw new InputError([{ source: path, path: '', value: 'binary data', expected: 'a YAML or JSON scenario (text)' }]);
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
    .filter((file) => ['.yaml', '.yml', '.json'].includes(extname(file)))
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
