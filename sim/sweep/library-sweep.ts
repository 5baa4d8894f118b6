// The library's sweep: every (seed, variant) run of a scenario, over worker threads or in this thread, with
// the same rows (results.jsonl's) and per-variant summary as `mirrorsim sweep`, whatever the worker count.

import { availableParallelism } from 'node:os';
import { InputError, type InputIssue, renderValue } from '../errors.js';
import { parseSeedList } from '../cli/seed-list.js';
import { checkOptions, nonEmptyString } from '../runner/library-options.js';
import { type ScenarioInput, scenarioOf } from '../runner/library-run.js';
import { runScenario, variantFor } from '../runner/run-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { isPlainObject } from '../scenario/schema.js';
import { parseVariantAssignments } from '../variants.js';
import { canonicalRows } from './results-file.js';
import { expectedVerdicts } from './sweep-expectation.js';
import { runSweep as runOverThreads } from './run-sweep.js';
import { type Shard, type SweepManifest, makeManifest, parseShard, shardSeeds } from './sweep-manifest.js';
import { type SweepRow, rowOf, unitKey } from './sweep-row.js';
import { type VariantSummary, summarise } from './sweep-summary.js';

/** A variant to sweep: `'addressing=shared-range+mirroring=correct'` as on the CLI, or `{ addressing: ... }`. */
export type SweepVariant = string | Readonly<Record<string, string>>;

export interface SweepOptions {
  /** A scenario, a built-in name or file path, or what loadScenario / parseScenario returned. */
  readonly scenario: ScenarioInput;
  /** `'1..100'`, `'1,5,9'`, `'1..10,20..30'` (the CLI's --seeds forms), or a list of whole numbers. */
  readonly seeds: string | readonly (string | number)[];
  /** The variants to run on each seed (default: the scenario as written); '' or {} is the scenario as written. */
  readonly variants?: readonly SweepVariant[] | undefined;
  /** Worker threads (default: the machine's parallelism), or 'in-process' to run every run in this thread. */
  readonly workers?: number | 'in-process' | undefined;
  /** Only shard `index` (from 0) of `count` (or `'K/N'`), for `mirrorsim merge` to combine. */
  readonly shard?: Shard | string | undefined;
  /** Each row as it finishes (in the order runs finish); a throw stops the sweep with that error. */
  readonly onRow?: ((row: SweepRow) => void) | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Aborting stops the sweep (runs under way are dropped) and rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** Replay commands name files relative to this directory (default: the process's). */
  readonly cwd?: string | undefined;
}

export interface SweptVariant {
  /** As the CLI labels it: the item, or `as written`. */
  readonly label: string;
  /** As sweep.json records it: keys joined with +, '' for the scenario as written. */
  readonly item: string;
  readonly values: Readonly<Record<string, string>>;
}

export interface SweepResult {
  readonly scenario: { readonly name: string; readonly description: string; readonly source: string;
    readonly durationUs: number };
  /** The seeds as a report names them: `1..100`, or `1..100, shard 0/4`. */
  readonly seedsLabel: string;
  /** The seeds this sweep (or shard) ran, in order. */
  readonly seeds: readonly string[];
  readonly variants: readonly SweptVariant[];
  /** One row per (seed, variant), seeds in the order given, then variants: results.jsonl's lines. */
  readonly rows: readonly SweepRow[];
  /**
   * Per variant: seeds with a violation and its 95% bound, the expected verdict (a flawed variant: fail),
   * foreign resolutions, false-stale rate, failing seeds and replays; as `sweep --json` gives them.
   */
  readonly summaries: readonly VariantSummary[];
  readonly anyViolation: boolean;
  /** What sweep.json records of this sweep. */
  readonly manifest: SweepManifest;
}

const SWEEP_OPTION_CHECKS = {
  scenario: (value: unknown) => (typeof value === 'string' || isPlainObject(value) ? undefined
    : 'a scenario, a built-in scenario name or a file path'),
  seeds: (value: unknown) => (typeof value === 'string' || Array.isArray(value) ? undefined
    : 'seeds such as "1..100" or a list of whole numbers'),
  variants: (value: unknown) => (Array.isArray(value) && value.length > 0 ? undefined : 'a non-empty list of variants'),
  workers: (value: unknown) => (value === 'in-process' || (Number.isInteger(value) && (value as number) >= 1
    && (value as number) <= 256) ? undefined : "a whole number from 1 to 256, or 'in-process'"),
  shard: (value: unknown) => (typeof value === 'string' || isPlainObject(value) ? undefined
    : '{ index, count } or "K/N"'),
  onRow: (value: unknown) => (typeof value === 'function' ? undefined : 'a function'),
  onProgress: (value: unknown) => (typeof value === 'function' ? undefined : 'a function'),
  signal: (value: unknown) => (value instanceof AbortSignal ? undefined : 'an AbortSignal'),
  cwd: nonEmptyString,
};

function seedsText(seeds: string | readonly (string | number)[]): string {
  if (typeof seeds === 'string') return seeds;
  seeds.forEach((seed, index) => {
    if (typeof seed === 'string' || (Number.isSafeInteger(seed) && seed >= 0)) return;
    const expected = 'a whole number (or its decimal string)';
    throw new InputError([{ source: `options.seeds[${index}]`, path: '', value: renderValue(seed), expected }]);
  });
  return seeds.join(',');
}

function itemOf(variant: SweepVariant): string {
  if (typeof variant === 'string') return variant;
  return Object.keys(variant).map((key) => `${key}=${variant[key]}`).join('+');
}

/** The variants as the CLI's `--variants` items would give them, each checked against the scenario. */
function sweptVariants(scenario: Scenario, given: readonly SweepVariant[]): SweptVariant[] {
  const seen = new Map<string, number>();
  return given.map((variant, index) => {
    const source = `options.variants[${index}]`;
    if (typeof variant !== 'string' && !isPlainObject(variant)) {
      const expected = 'key=value items joined with +, or a map of variant keys to values';
      throw new InputError([{ source, path: '', value: renderValue(variant), expected }]);
    }
    const item = itemOf(variant);
    const { values, issues } = parseVariantAssignments(item === '' ? [] : item.split('+'), source);
    if (issues.length > 0) throw new InputError(issues);
    const key = JSON.stringify(variantFor(scenario, values, undefined, source));
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const expected = `each variant once; options.variants[${earlier}] is the same variant of ${scenario.name}`;
      throw new InputError([{ source, path: '', value: renderValue(variant), expected }]);
    }
    seen.set(key, index);
    return { label: item || 'as written', item, values };
  });
}

function shardOf(shard: Shard | string | undefined, seedCount: number): Shard | null {
  if (shard === undefined) return null;
  const text = typeof shard === 'string' ? shard : `${String(shard.index)}/${String(shard.count)}`;
  return parseShard(text, seedCount, 'options.shard');
}

/** Waits for the event loop to turn, so that an abort or a progress display can act between in-process runs. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Every run in this thread, one after another, in the canonical order. */
async function runInProcess(scenario: Scenario, seeds: readonly string[], variants: readonly SweptVariant[],
  options: SweepOptions): Promise<SweepRow[]> {
  const rows = new Map<string, SweepRow>();
  const total = seeds.length * variants.length;
  options.onProgress?.(0, total);
  for (const seed of seeds) {
    for (const variant of variants) {
      if (options.signal?.aborted === true) throw options.signal.reason;
      const row = rowOf(runScenario(scenario, { seed, variant: variant.values }), variant.label);
      rows.set(unitKey(seed, variant.label), row);
      options.onRow?.(row);
      options.onProgress?.(rows.size, total);
      await nextTurn();
    }
  }
  if (options.signal?.aborted === true) throw options.signal.reason;
  return canonicalRows([...rows.values()], seeds, variants.map((variant) => variant.label));
}

/**
 * Runs the sweep and resolves to its rows and summary. Bad options reject with an InputError naming the
 * option (`options.variants[1]: ...`). Rows and summaries are the same for any worker count and in-process.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  checkOptions(options, SWEEP_OPTION_CHECKS);
  const missing: InputIssue[] = (['scenario', 'seeds'] as const).filter((name) => options[name] === undefined)
    .map((name) => ({ source: `options.${name}`, path: '', value: 'nothing', expected: 'a value (required option)',
      code: 'OPTION_INVALID' }));
  if (missing.length > 0) throw new InputError(missing);
  const scenario = scenarioOf(options.scenario);
  const text = seedsText(options.seeds);
  const allSeeds = parseSeedList(text, 'options.seeds');
  const shard = shardOf(options.shard, allSeeds.length);
  const seeds = shardSeeds(allSeeds, shard);
  const variants = sweptVariants(scenario, options.variants ?? ['']);
  const labels = variants.map((variant) => variant.label);
  const values = variants.map((variant) => ({ ...variant.values }));
  const workers = options.workers ?? availableParallelism();
  const rows = workers === 'in-process'
    ? await runInProcess(scenario, seeds, variants, options)
    : await runOverThreads({
      scenarioPath: scenario.source, scenarioText: JSON.stringify(scenario.definition), seeds, variants: values,
      labels, workers, existing: [], onRow: options.onRow, onProgress: options.onProgress, signal: options.signal,
    });
  const expectations = expectedVerdicts(scenario, values);
  const summaries = summarise(rows, labels, values, scenario.source, options.cwd ?? process.cwd(), expectations);
  return {
    scenario: { name: scenario.name, description: scenario.description, source: scenario.source,
      durationUs: scenario.durationUs },
    seedsLabel: shard === null ? text : `${text}, shard ${shard.index}/${shard.count}`,
    seeds,
    variants,
    rows,
    summaries,
    anyViolation: summaries.some((summary) => summary.seedsWithViolation > 0),
    manifest: makeManifest(scenario, text, variants.map((variant) => variant.item), shard),
  };
}
