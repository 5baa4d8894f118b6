// What a sweep found, per variant: seeds run, seeds with a violation, foreign resolutions, the false-stale
// rate, time to first violation, and the failing seeds with the command that replays each.

import { reproduceCommand } from '../runner/reproduce.js';
import type { SweepRow } from './sweep-row.js';

export interface VariantSummary {
  readonly label: string;
  readonly seedsRun: number;
  readonly seedsWithViolation: number;
  readonly foreign: number;
  /** falseStale resolutions over all resolutions (null without pointers). */
  readonly falseStaleRate: number | null;
  /** Median and earliest time to the first violation, in simulated seconds (null if none). */
  readonly firstViolationMedianS: number | null;
  readonly firstViolationMinS: number | null;
  readonly invariants: Readonly<Record<string, number>>;
  /** Coverage probes that no run of this variant reached: paths the sweep never exercised. */
  readonly probesNeverFired: readonly string[];
  readonly failing: readonly { readonly seed: string; readonly invariants: readonly string[]; readonly replay: string }[];
}

export function summarise(rows: readonly SweepRow[], labels: readonly string[], variants: readonly Record<string, string>[], scenarioSource: string, cwd: string): VariantSummary[] {
  return labels.map((label, index) => {
    const mine = rows.filter((row) => row.variant === label);
    const failing = mine.filter((row) => row.verdict === 'fail');
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
      foreign,
      falseStaleRate: resolutions === 0 ? null : falseStale / resolutions,
      firstViolationMedianS: times.length === 0 ? null : times[Math.floor((times.length - 1) / 2)],
      firstViolationMinS: times.length === 0 ? null : times[0],
      invariants: Object.fromEntries(Object.entries(invariants).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      probesNeverFired: neverFired(mine),
      failing: failing.map((row) => ({ seed: row.seed, invariants: row.invariants, replay: reproduceCommand(scenarioSource, row.seed, variants[index], cwd) })),
    };
  });
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
