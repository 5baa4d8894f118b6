// The run report's page, in the order a reader needs it: the verdict, the side-by-side comparison, the charts
// of every variant in columns (resolutions first), then each variant's details: counts, refused requests,
// the phases past `duration`, causal chains grouped, the reproduce command. Fits a 1,440 px window.

import { describeViolation } from '../oracle/violations.js';
import { formatShortUs } from '../kernel/time.js';
import type { RunResult } from '../runner/run-result.js';
import { countsText, extentText, phasesOf, refusalText, refusalsOf } from '../runner/run-phases.js';
import type { LatencySummary } from '../runner/latency-histogram.js';
import { type ChartSize, type D3NodeConstructor, formatMs } from './chart-kit.js';
import { progressChart, rangesChart, resolutionsChart, timelineChart } from './run-charts.js';
import { escapeHtml } from './html.js';
import { groupViolations } from './violation-groups.js';

export interface ReportRun {
  readonly label: string;
  readonly expect?: 'pass' | 'fail';
  readonly result: RunResult;
  readonly reproduce: string;
}

/** The write latency figures a report shows, from the run's histogram. */
export const LATENCY_COLUMNS = [
  ['mean', 'meanUs'], ['p50', 'p50Us'], ['p90', 'p90Us'], ['p99', 'p99Us'], ['p99.9', 'p999Us'], ['max', 'maxUs'],
] as const;
const RESOLUTION_CLASSES = ['ok', 'staleDetected', 'destroyedDetected', 'falseStale', 'foreign'];
/** Charts drawn this wide when variants stand side by side: two columns in a 1,440 px window. */
const COLUMN_SIZE: ChartSize = { width: 680 };

export const RUN_STYLE = `
.runs-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
header p { margin: .2rem 0; }
#verdict { border-radius: 6px; padding: .6rem 1rem; margin: .6rem 0; border: 1px solid #e0e0e0; background: #fff; }
#verdict.as-expected { border-left: 6px solid #2e7d32; }
#verdict.unexpected { border-left: 6px solid #c62828; }
#verdict .overall { font-weight: bold; font-size: 1.05rem; margin: 0 0 .3rem; }
#verdict ul { margin: 0; padding-left: 1.2rem; }
#verdict .fail { color: #c62828; font-weight: bold; }
#verdict .pass { color: #2e7d32; font-weight: bold; }
table.compare { border-collapse: collapse; font-size: .82rem; margin: .4rem 0 .8rem; background: #fff; }
table.compare th, table.compare td { border: 1px solid #e0e0e0; padding: .15rem .6rem; text-align: left; }
table.compare th[scope=row] { color: #424242; font-weight: normal; }
.charts { display: grid; gap: .6rem 1rem; align-items: start; }
.charts-1 { grid-template-columns: minmax(0, 1020px); }
.charts-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.charts figure { margin: 0; background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: .3rem; }
.charts svg { display: block; width: 100%; }
h3 { font-size: 1rem; margin: .8rem 0 .3rem; }
.group-members { max-height: 14rem; overflow-y: auto; font-size: .78rem; margin: .2rem 0 .6rem; padding-left: 2.2rem; }
.group-members li { margin: 0; }
ul.refusals { font-size: .82rem; }
`;

function variantText(result: RunResult, separator = ' '): string {
  return Object.entries(result.variant).map(([key, value]) => `${key}=${value}`).join(separator);
}

function writeLatencyOf(result: RunResult): LatencySummary | null {
  return result.geo?.writeLatency ?? result.storage?.writeLatency ?? null;
}

/** `FAIL (267 foreignResolution)` or `PASS`. */
export function verdictText(result: RunResult): string {
  const byInvariant = new Map<string, number>();
  for (const violation of result.violations) byInvariant.set(
    violation.invariant, (byInvariant.get(violation.invariant) ?? 0) + 1,
  );
  const detail = [...byInvariant.entries()].map(([name, count]) => `${count} ${name}`).join(', ');
  return result.verdict === 'pass' ? 'PASS' : `FAIL (${detail || `${result.counts.violations} violations`})`;
}

/** The verdict block (`id="verdict"`): every variant against what it was expected to give. */
export function verdictBlock(runs: readonly ReportRun[]): string {
  const judged = runs.filter((run) => run.expect !== undefined);
  const asExpected = runs.every((run) => run.expect === undefined || run.expect === run.result.verdict);
  const overall = judged.length === 0
    ? (runs.every((run) => run.result.verdict === 'pass') ? 'PASS: every invariant held' : 'FAIL: an invariant was violated')
    : asExpected ? 'AS EXPECTED: every variant gave its expected verdict' : 'UNEXPECTED: a variant did not give its expected verdict';
  const state = judged.length === 0 ? (runs.every((run) => run.result.verdict === 'pass') ? 'as-expected' : 'unexpected')
    : asExpected ? 'as-expected' : 'unexpected';
  const items = runs.map((run) => {
    const expected = run.expect === undefined ? ''
      : run.expect === run.result.verdict ? ` — expected ${run.expect}: yes` : ` — expected ${run.expect}: <strong>NO</strong>`;
    return `<li>${escapeHtml(run.label)}: <span class="${run.result.verdict}">${escapeHtml(verdictText(run.result))}</span>`
      + `${expected} <span class="meta">(${escapeHtml(variantText(run.result))})</span></li>`;
  });
  return `<section id="verdict" class="${state}"><p class="overall">${overall}</p><ul>${items.join('')}</ul></section>`;
}

/** One table, a column per variant: what a reader compares. */
export function comparisonTable(runs: readonly ReportRun[]): string {
  const rows: [string, (run: ReportRun) => string][] = [
    ['variant', (run) => variantText(run.result)],
    ['violations', (run) => `${run.result.counts.violations} (${run.result.counts.safetyViolations} safety, ${run.result.counts.livenessViolations} liveness)`],
  ];
  if (runs.some((run) => run.result.geo !== null)) {
    for (const name of RESOLUTION_CLASSES) rows.push([`resolutions ${name}`, (run) => String(run.result.geo?.resolutions[name] ?? 0)]);
  }
  if (runs.some((run) => run.result.storage !== null)) {
    rows.push(['recoveries', (run) => {
      const recoveries = run.result.storage?.recoveries;
      return recoveries === undefined ? '' : `${recoveries.started} started, ${recoveries.completed} completed, ${recoveries.failed} failed`;
    }]);
  }
  rows.push(['actions performed', (run) => countsText(run.result.counts.actions)]);
  rows.push(['requests refused', (run) => countsText(run.result.counts.refused)]);
  if (runs.some((run) => writeLatencyOf(run.result) !== null)) {
    rows.push(['write latency p50 / p99 (ms)', (run) => {
      const latency = writeLatencyOf(run.result);
      return latency === null ? '' : `${formatMs(latency.p50Us)} / ${formatMs(latency.p99Us)}`;
    }]);
  }
  rows.push(['simulated', (run) => extentText(run.result)]);
  if (runs.some((run) => run.result.liveness !== null)) rows.push(['liveness', (run) => livenessText(run.result)]);
  rows.push(['events', (run) => String(run.result.counts.events)]);
  const head = `<tr><th></th>${runs.map((run) => `<th scope="col">${escapeHtml(run.label)}</th>`).join('')}</tr>`;
  const body = rows.map(([name, cell]) => `<tr><th scope="row">${escapeHtml(name)}</th>${runs.map((run) => `<td>${escapeHtml(cell(run))}</td>`).join('')}</tr>`);
  return `<table class="compare">${head}${body.join('')}</table>`;
}

function livenessText(result: RunResult): string {
  const liveness = result.liveness;
  if (liveness === null) return '-';
  const converged = liveness.convergedAtUs === null ? 'not converged' : `converged at ${formatShortUs(liveness.convergedAtUs)}`;
  return `heal ${formatShortUs(liveness.healUs)}, ${converged} (deadline ${formatShortUs(liveness.deadlineUs)})`;
}

/** Each variant's charts, by kind: [resolutions, timeline, progress, ranges], each figure tagged for tests. */
export function runCharts(
  D3Node: D3NodeConstructor, run: ReportRun, runIndex: number, size: ChartSize | undefined,
): [string, string][] {
  const result = run.result;
  const endUs = result.durations.simulatedUs;
  const marks = { refusals: refusalsOf(result), phases: phasesOf(result), durationUs: result.durations.durationUs };
  const charts: [string, string][] = [];
  if (result.geo !== null) {
    const geo = result.geo;
    const foreign = result.violations.map((violation, index) => ({ violation, index }))
      .filter(({ violation }) => violation.invariant === 'foreignResolution');
    const links = geo.foreignMarks.map((mark, index) => ({
      timeUs: mark.timeUs, href: index < foreign.length ? `#violation-${runIndex}-${foreign[index].index}` : `#violations-${runIndex}`,
    }));
    const per = geo.series.bucketUs === 1_000_000 ? 'second' : `${geo.series.bucketUs / 1e6} s`;
    charts.push(['resolution', resolutionsChart(D3Node, `Pointer resolutions per ${per} by class — ${geo.resolutions.foreign} foreign (${run.label})`,
      geo.series.resolutions, links, endUs, geo.series.bucketUs, size)]);
    charts.push(['timeline', timelineChart(D3Node, `Copies, systems and mirroring over time (${run.label})`, geo.timeline, result.faultSchedule, endUs, marks, size)]);
    charts.push(['progress', progressChart(D3Node, `Synchronisation progress and production write latency (${run.label})`,
      geo.series.syncProgress, geo.series.writeLatency, endUs, geo.series.bucketUs, geo.writeLatency, size)]);
    charts.push(['ranges', rangesChart(D3Node, `Address ranges put in use by each IASP copy (${run.label})`, geo.rangesUsed, endUs, size)]);
  } else if (result.storage !== null) {
    const storage = result.storage;
    charts.push(['timeline', timelineChart(D3Node, `Copies and disks over time (${run.label})`, storage.timeline, result.faultSchedule, endUs, marks, size)]);
    charts.push(['progress', progressChart(D3Node, `Recovery progress and application write latency (${run.label})`,
      storage.series.recoveryProgress, storage.series.writeLatency, endUs, storage.series.bucketUs, storage.writeLatency, size)]);
  }
  return charts;
}

/** The charts of every variant in columns, row by row of chart kind. */
export function chartGrid(D3Node: D3NodeConstructor, runs: readonly ReportRun[]): string {
  const size = runs.length > 1 ? COLUMN_SIZE : undefined;
  const perRun = runs.map((run, index) => runCharts(D3Node, run, index, size));
  const kinds = perRun[0]?.length ?? 0;
  const figures: string[] = [];
  for (let kind = 0; kind < kinds; kind += 1) {
    perRun.forEach((charts, index) => {
      const entry = charts[kind];
      if (entry === undefined) return;
      const variant = escapeHtml(variantText(runs[index].result, '+'));
      figures.push(`<figure data-chart="${entry[0]}" data-variant="${variant}" data-label="${escapeHtml(runs[index].label)}">${entry[1]}</figure>`);
    });
  }
  return `<div class="charts charts-${Math.min(2, runs.length)}">${figures.join('\n')}</div>`;
}

/** A variant's details: counts, latency, refused requests, phases, causal chains grouped, reproduce. */
export function runDetails(run: ReportRun, runIndex: number): string {
  const result = run.result;
  const counts = result.geo === null ? '' : `<table class="counts"><tr>${Object.keys(result.geo.resolutions).map((name) => `<th>${name}</th>`).join('')}</tr><tr>${Object.values(result.geo.resolutions).map((count) => `<td>${count}</td>`).join('')}</tr></table>`;
  const latency = writeLatencyOf(result);
  const latencyTable = latency === null ? ''
    : `<table class="counts latency"><tr><th>write latency (ms)</th>${LATENCY_COLUMNS.map(([name]) => `<th>${name}</th>`).join('')}</tr>`
      + `<tr><td>${latency.count} writes</td>${LATENCY_COLUMNS.map(([, field]) => `<td>${formatMs(latency[field])}</td>`).join('')}</tr></table>`;
  const refusals = refusalsOf(result);
  const refusalList = refusals.length === 0 ? '<p>No operator request was refused.</p>'
    : `<ul class="refusals">${refusals.map((refusal) => `<li>${escapeHtml(refusalText(refusal))}</li>`).join('')}</ul>`;
  const phases = phasesOf(result)
    .map((phase) => `<li>${phase.name}: ${formatShortUs(phase.fromUs)}–${formatShortUs(phase.toUs)}, ${escapeHtml(phase.what)}</li>`)
    .join('');
  return `<section class="run ${result.verdict}">
<h2>${escapeHtml(run.label)}: <span class="verdict">${result.verdict.toUpperCase()}</span></h2>
<p class="meta">variant ${escapeHtml(variantText(result))} · fingerprints ${result.fingerprints.schedule} / ${result.fingerprints.outcome}</p>
${counts}
${latencyTable}
<h3>Operator requests: ${countsText(result.counts.actions)} performed; ${countsText(result.counts.refused)} refused</h3>
${refusalList}
<h3>Phases (${escapeHtml(extentText(result))})</h3>
<ul>${phases}</ul>
<h3 id="violations-${runIndex}">Violations (${result.counts.violations})</h3>
${violationGroups(result, runIndex)}
<p class="reproduce">Reproduce: <code>${escapeHtml(run.reproduce)}</code></p>
</section>`;
}

/** Each group of identical chains: the first written out, then how many more and which (time, event, message). */
function violationGroups(result: RunResult, runIndex: number): string {
  if (result.counts.violations === 0) return '<p>Every invariant held.</p>';
  const groups = groupViolations(result.violations);
  const parts = groups.map((group) => {
    const [first, ...rest] = group.members;
    const others = rest.length === 0 ? ''
      : `<p>${rest.length} more with the same chain (differing only in pointers, objects, addresses and times):</p>`
        + `<ol class="group-members" start="2">${rest.map(({ index, violation }) => `<li id="violation-${runIndex}-${index}">`
          + `${formatShortUs(violation.timeUs)} (event ${violation.eventNumber}): ${escapeHtml(violation.message)}</li>`).join('')}</ol>`;
    const title = `${group.members.length} × ${group.invariant}`;
    return `<h4>${escapeHtml(title)}</h4><div id="violation-${runIndex}-${first.index}"><pre>${escapeHtml(describeViolation(first.violation))}</pre></div>${others}`;
  });
  const unkept = result.counts.violations - result.violations.length;
  const more = unkept > 0 ? `<p>… and ${unkept} more not kept (the run keeps the first ${result.violations.length}).</p>` : '';
  return `<p>${result.violations.length} kept, in ${groups.length} group(s) of identical causal chains.</p>${parts.join('\n')}${more}`;
}
