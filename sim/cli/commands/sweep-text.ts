// A sweep's summary as the terminal shows it, within 80 columns: the heading (printed before the runs), one
// table row per variant with the 95% bound on its failing share, verdicts that were not the expected ones
// flagged, probes never fired, and the failing seeds grouped by invariant with one replay template each.

import { BOUND_METHOD, clippedSeeds, variantColumn } from '../../sweep/sweep-stats.js';
import { SEED_PLACEHOLDER, type VariantSummary } from '../../sweep/sweep-summary.js';
import { type Paint, formatTable, paint as paintOf, wrapLine } from '../terminal.js';

/** `sweep swarm  seeds 1..50 (50)  2 variants, 100 runs  2 workers`: printed first, before any run. */
export function sweepHeading(
  scenario: string, seedsLabel: string, seedCount: number, variantCount: number, how: string,
): string {
  const variants = `${variantCount} variant${variantCount === 1 ? '' : 's'}`;
  return `sweep ${scenario}  seeds ${seedsLabel} (${seedCount})  ${variants}, ${seedCount * variantCount} runs  ${how}`;
}

/** A share as a percentage with the digits that matter: `0%`, `100%`, `14.8%`, `0.047%`. */
export function formatShare(share: number): string {
  if (share <= 0) return '0%';
  if (share >= 1) return '100%';
  const percent = share * 100;
  return `${percent >= 1 ? percent.toFixed(1) : Number(percent.toPrecision(2)).toString()}%`;
}

export interface SweepTextOptions {
  readonly width: number;
  readonly paint?: Paint;
}

/** The summary table and what follows it, as lines of at most `width` columns (a replay command stays whole). */
export function formatSweepSummary(summaries: readonly VariantSummary[], options: SweepTextOptions): string[] {
  const { width } = options;
  const paint = options.paint ?? paintOf(false);
  const column = variantColumn(summaries.map((summary) => summary.label));
  const header = [column.heading, 'seeds', 'failing', '≤95%', 'foreign', 'f-stale', 'first s'];
  const unexpected = (summary: VariantSummary): boolean => summary.unexpectedSeeds.length > 0;
  const rows = summaries.map((summary, index) => [
    column.cells[index],
    String(summary.seedsRun),
    `${summary.seedsWithViolation} (${formatShare(summary.seedsRun === 0 ? 0 : summary.seedsWithViolation / summary.seedsRun)})`
      + (unexpected(summary) ? ' !' : ''),
    formatShare(summary.failShareUpper95),
    summary.falseStaleRate === null ? '-' : String(summary.foreign),
    summary.falseStaleRate === null ? '-' : `${(summary.falseStaleRate * 100).toFixed(2)}%`,
    summary.firstViolationMedianS === null ? '-' : summary.firstViolationMedianS.toFixed(2),
  ]);
  const align = ['left', 'right', 'right', 'right', 'right', 'right', 'right'] as const;
  const lines = formatTable(header, rows, align, width, (row, cell, padded) => {
    if (cell !== 2) return padded;
    if (unexpected(summaries[row])) return paint.bold(paint.red(padded));
    return summaries[row].seedsWithViolation > 0 ? paint.red(padded) : paint.green(padded);
  });
  const notes = [`failing: seeds with a violation; ≤95%: ${BOUND_METHOD}; f-stale: false-stale resolutions`
    + ' among all; first s: median simulated seconds to the first violation.'];
  if (summaries.some(unexpected)) {
    notes.push('!: not the verdict expected; a variant flawed on purpose should fail every seed.');
  }
  lines.push(...notes.flatMap((note) => wrapLine(note, width, '').map(paint.dim)));
  const flagged = summaries.filter(unexpected);
  if (flagged.length > 0) lines.push('', paint.bold(paint.red('Unexpected verdicts')));
  for (const summary of flagged) {
    const seeds = summary.unexpectedSeeds;
    const what = summary.expect === 'fail'
      ? `flawed on purpose, but ${seeds.length} of ${summary.seedsRun} seeds passed (the flaw was not caught there)`
      : `expected to pass, but ${seeds.length} of ${summary.seedsRun} seeds failed`;
    lines.push(...wrapLine(`  ${summary.label}: ${what}: ${seedList(seeds, width)}`, width));
  }
  // Variants whose sweep left the same probes unreached share one list.
  const byProbes = new Map<string, string[]>();
  for (const summary of summaries) {
    if (summary.probesNeverFired.length === 0) continue;
    const key = summary.probesNeverFired.join(', ');
    byProbes.set(key, [...(byProbes.get(key) ?? []), summary.label]);
  }
  for (const [probes, labels] of byProbes) {
    const who = labels.length === summaries.length && labels.length > 1 ? `every variant` : labels.join(', ');
    lines.push('', ...wrapLine(`probes never fired in any run (${who}): ${probes}`, width));
  }
  for (const summary of summaries) {
    if (summary.failing.length === 0) continue;
    const count = summary.failing.length;
    lines.push('', ...wrapLine(`${summary.label}: ${count} failing seed${count === 1 ? '' : 's'}`, width));
    for (const group of summary.failingGroups) {
      const line = `  ${group.invariants.join(', ')} (${group.seeds.length}): ${seedList(group.seeds, width)}`;
      lines.push(...wrapLine(line, width));
    }
    lines.push(`  replay one (${SEED_PLACEHOLDER}: a seed above) with`, summary.reproduceTemplate);
  }
  return lines;
}

/** Seeds for a line, runs written `a..b`, comma-separated, at most about two lines' worth, the rest counted. */
function seedList(seeds: readonly string[], width: number): string {
  return clippedSeeds(seeds, width * 2).replace(/,/g, ', ');
}
