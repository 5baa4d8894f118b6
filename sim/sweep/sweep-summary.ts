// What a sweep found, per variant: seeds run, seeds with a violation and the 95% bound on that share, whether
// the verdicts were the expected ones (a flawed variant should be caught), foreign resolutions, the false-stale
// rate, violations per seed, time to first violation, and the failing seeds grouped with one reproduce template.

import { reproduceCommand } from '../runner/reproduce.js';
import { flawedKeys } from '../variants.js';
import type { SweepRow } from './sweep-row.js';
import { failShareUpperBound, quantile, violationHistogram } from './sweep-stats.js';

/** Stands for the seed in `reproduceTemplate`. */
export const SEED_PLACEHOLDER = 'SEED';

export interface VariantSummary {
  readonly label: string;
  readonly seedsRun: number;
  readonly seedsWithViolation: number;
  /** The share of seeds that fail is at most this, with 95% confidence (BOUND_METHOD in sweep-stats.ts). */
  readonly failShareUpper95: number;
  /** The verdict expected of every seed: `fail` for a flawed variant (or as the scenario's `compare` says). */
  readonly expect: 'pass' | 'fail';
  /** Seeds whose verdict is not the expected one (passes of a flawed variant, failures of a sound one). */
  readonly unexpectedSeeds: readonly string[];
  readonly foreign: number;
  /** falseStale resolutions over all resolutions (null without pointers). */
  readonly falseStaleRate: number | null;
  /** Median and earliest time to the first violation, in simulated seconds (null if none). */
  readonly firstViolationMedianS: number | null;
  readonly firstViolationMinS: number | null;
  /** Minimum, lower quartile, median, upper quartile and maximum of the time to first violation (s). */
  readonly firstViolationQuartilesS: readonly number[] | null;
  /** Seeds per bin of violations in the run: [none, 1, 2-3, 4-7, ...] (sweep-stats.ts violationBin). */
  readonly violationsPerSeed: readonly number[];
  readonly invariants: Readonly<Record<string, number>>;
  /** Coverage probes that no run of this variant reached: paths the sweep never exercised. */
  readonly probesNeverFired: readonly string[];
  readonly failing: readonly { readonly seed: string; readonly invariants: readonly string[]; readonly replay: string }[];
  /** The failing seeds grouped by the invariants they broke (compactSeeds in sweep-stats.ts writes them short). */
  readonly failingGroups: readonly { readonly invariants: readonly string[]; readonly seeds: readonly string[] }[];
  /** The reproduce command with SEED_PLACEHOLDER for the seed. */
  readonly reproduceTemplate: string;
}

/**
 * `expectations` gives each variant's expected verdict; by default a variant expects `fail` when one of its
 * values is flawed on purpose (sim/variants.ts), else `pass`.
 */
export function summarise(
  rows: readonly SweepRow[], labels: readonly string[], variants: readonly Record<string, string>[], scenarioSource: string,
  cwd: string, expectations?: readonly ('pass' | 'fail')[],
): VariantSummary[] {
  return labels.map((label, index) => {
    const mine = rows.filter((row) => row.variant === label);
    const failing = mine.filter((row) => row.verdict === 'fail');
    const expect = expectations?.[index] ?? (flawedKeys(variants[index]).length > 0 ? 'fail' : 'pass');
    const times = failing.map((row) => (row.firstViolationUs ?? 0) / 1e6).sort((a, b) => a - b);
    let resolutions = 0;
    let falseStale = 0;
    let foreign = 0;
    const invariants: Record<string, number> = {};
    for (const row of mine) {
      if (row.resolutions !== null) {
        for (const count of Object.values(row.resolutions)) resolutions += count;
        falseStale += row.resolutions.falseStale ?? 0;
        foreign += row.resolutions.foreign ?? 0;
      }
      for (const invariant of row.invariants) invariants[invariant] = (invariants[invariant] ?? 0) + 1;
    }
    return {
      label,
      seedsRun: mine.length,
      seedsWithViolation: failing.length,
      failShareUpper95: failShareUpperBound(failing.length, mine.length),
      expect,
      unexpectedSeeds: mine.filter((row) => row.verdict !== expect).map((row) => row.seed),
      foreign,
      falseStaleRate: resolutions === 0 ? null : falseStale / resolutions,
      firstViolationMedianS: times.length === 0 ? null : times[Math.floor((times.length - 1) / 2)],
      firstViolationMinS: times.length === 0 ? null : times[0],
      firstViolationQuartilesS: times.length === 0 ? null : [0, 0.25, 0.5, 0.75, 1].map((q) => quantile(times, q)),
      violationsPerSeed: violationHistogram(mine.map((row) => row.violations)),
      invariants: Object.fromEntries(Object.entries(invariants).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      probesNeverFired: neverFired(mine),
      failing: failing.map((row) => ({ seed: row.seed, invariants: row.invariants, replay: reproduceCommand(scenarioSource, row.seed, variants[index], cwd) })),
      failingGroups: groupBySignature(failing),
      reproduceTemplate: reproduceCommand(scenarioSource, SEED_PLACEHOLDER, variants[index], cwd),
    };
  });
}

/** Failing rows grouped by the invariants they broke, the largest group first (then by name), seeds in row order. */
function groupBySignature(failing: readonly SweepRow[]): VariantSummary['failingGroups'] {
  const groups = new Map<string, { invariants: readonly string[]; seeds: string[] }>();
  for (const row of failing) {
    const signature = row.invariants.join(',');
    const group = groups.get(signature) ?? { invariants: row.invariants, seeds: [] };
    group.seeds.push(row.seed);
    groups.set(signature, group);
  }
  return [...groups.entries()]
    .sort(([a, x], [b, y]) => y.seeds.length - x.seeds.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => group);
}

/** Probes unreached in every row (rows from before probes were recorded do not count). */
function neverFired(rows: readonly SweepRow[]): string[] {
  let common: Set<string> | undefined;
  for (const row of rows) {
    if (row.probesUnreached === undefined) continue;
    const unreached = new Set(row.probesUnreached);
    common = common === undefined ? unreached : new Set([...common].filter((name) => unreached.has(name)));
  }
  return common === undefined ? [] : [...common].sort();
}

export function formatSummaryTable(summaries: readonly VariantSummary[]): string {
  const header = ['variant', 'seeds', 'with violation', 'foreign', 'false-stale rate', 'first violation (median s)'];
  const rows = summaries.map((summary) => [
    summary.label,
    String(summary.seedsRun),
    `${summary.seedsWithViolation} (${summary.seedsRun === 0 ? 0 : ((summary.seedsWithViolation / summary.seedsRun) * 100).toFixed(1)}%)`,
    String(summary.foreign),
    summary.falseStaleRate === null ? '-' : `${(summary.falseStaleRate * 100).toFixed(2)}%`,
    summary.firstViolationMedianS === null ? '-' : summary.firstViolationMedianS.toFixed(2),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  return [header, ...rows].map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}
