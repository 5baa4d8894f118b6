// Mutants of a scenario for fuzzing the validator: each field dropped, or replaced by a value of a wrong type,
// out of range or at a limit, and each action added to the schedule. A mutant must be refused (exit 2) or run
// cleanly; one that validates and then throws, or stops on an assertion, is a hole in validation.

import { InputError } from '../errors.js';
import { runScenario } from '../runner/run-scenario.js';
import { parseScenarioText } from './load-scenario.js';

type Segment = string | number;

export interface Mutant {
  /** What was changed, e.g. `volume.size="8000TiB"` or `+detach@1s`. */
  readonly label: string;
  readonly text: string;
}

/** Values put in place of each field: wrong types, zero and negative, huge, tiny, empty, at the limits. */
export const MUTANT_VALUES: readonly unknown[] = [
  -1,
  0,
  1,
  1.5,
  1e18,
  2 ** 53 + 2,
  true,
  null,
  [],
  {},
  '',
  'x',
  '0s',
  '1us',
  '100000h',
  '100001h',
  '1e9s',
  '1B',
  '4KiB',
  '8KiB',
  '1TiB',
  '8000TiB',
  '100000000TiB',
  '0.0000001/h',
  '0.001/h',
  '1000000/s',
  '2000000/s',
  '0%',
  '100%',
  '1000000',
  { model: 'uniform', min: '5ms', max: '1ms' },
  { model: 'fixed', time: '100000h' },
  { model: 'exponential', mean: '1000h' },
];

function fieldPaths(value: unknown, prefix: readonly Segment[] = []): Segment[][] {
  const paths: Segment[][] = [];
  const entries: [Segment, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, item] of entries) {
    paths.push([...prefix, key]);
    paths.push(...fieldPaths(item, [...prefix, key]));
  }
  return paths;
}

function changed(
  definition: unknown,
  path: readonly Segment[],
  replace: (holder: Record<Segment, unknown>, key: Segment) => void,
): unknown {
  const copy = structuredClone(definition) as Record<Segment, unknown>;
  let holder = copy;
  for (const segment of path.slice(0, -1)) holder = holder[segment] as Record<Segment, unknown>;
  replace(holder, path[path.length - 1]);
  return copy;
}

/** Every mutant of `definition` (a parsed scenario), in a fixed order, each distinct. */
export function mutantsOf(definition: unknown, actions: readonly string[]): Mutant[] {
  const found: Mutant[] = [];
  const texts = new Set<string>();
  const add = (label: string, mutant: unknown): void => {
    const text = JSON.stringify(mutant) ?? 'null';
    if (texts.has(text)) return;
    texts.add(text);
    found.push({ label, text });
  };
  for (const path of fieldPaths(definition)) {
    const name = path.join('.');
    add(
      `${name} dropped`,
      changed(definition, path, (holder, key) => {
        if (Array.isArray(holder)) holder.splice(key as number, 1);
        else delete holder[key];
      }),
    );
    for (const value of MUTANT_VALUES)
      add(
        `${name}=${JSON.stringify(value)}`,
        changed(definition, path, (holder, key) => (holder[key] = value)),
      );
  }
  for (const action of actions) {
    for (const at of ['0s', '1s']) {
      const mutant = structuredClone(definition) as { faults?: { schedule?: unknown[] } };
      mutant.faults = { ...mutant.faults, schedule: [...(mutant.faults?.schedule ?? []), { at, action }] };
      add(`+${action}@${at}`, mutant);
    }
  }
  return found;
}

export type MutantOutcome =
  | { readonly kind: 'refused' }
  | { readonly kind: 'ran' }
  /** A hole: validated, then threw or stopped on an assertion (or the validator itself threw). */
  | { readonly kind: 'hole'; readonly message: string };

/** Validates a mutant and, if it validates, runs it for at most `maxEvents` events. */
export function tryMutant(mutant: Mutant, source: string, maxEvents: number): MutantOutcome {
  let scenario;
  try {
    scenario = parseScenarioText(mutant.text, source);
  } catch (error) {
    if (error instanceof InputError) return { kind: 'refused' };
    return { kind: 'hole', message: `validation threw ${String(error)}` };
  }
  try {
    const result = runScenario(scenario, { maxEvents });
    const assertion = result.violations.find((violation) => violation.invariant === 'assertion');
    return assertion === undefined
      ? { kind: 'ran' }
      : { kind: 'hole', message: `validated, then ${assertion.message}` };
  } catch (error) {
    const what = error instanceof InputError ? 'was refused only when run' : 'threw when run';
    return { kind: 'hole', message: `validated, then ${what}: ${String(error)}` };
  }
}
