// A run report: `index.html` (self-contained: inline CSS and SVG charts, no network), `summary.json` and
// `summary.md`, for one run or for a scenario's compared variants side by side. Deterministic: the files
// hold no wall-clock figure or date, so the same run gives the same bytes (wall times stay on the terminal).

import type { RunResult } from '../runner/run-result.js';
import { describeViolation } from '../oracle/violations.js';
import type { LatencySummary } from '../runner/latency-histogram.js';
import {
  type D3NodeConstructor, formatMs, progressChart, rangesChart, resolutionsChart, timelineChart,
} from './charts.js';
import { escapeHtml, htmlPage } from './html.js';

export interface ReportRun {
  readonly label: string;
  readonly expect?: 'pass' | 'fail';
  readonly result: RunResult;
  readonly reproduce: string;
}

const LISTED_VIOLATIONS = 50;
/** The write latency figures a report shows, from the run's histogram. */
const LATENCY_COLUMNS = [
  ['mean', 'meanUs'], ['p50', 'p50Us'], ['p90', 'p90Us'], ['p99', 'p99Us'], ['p99.9', 'p999Us'], ['max', 'maxUs'],
] as const;

/** The run's write latency summary (volume or production), or null when it has no workload of writes. */
function writeLatencyOf(result: RunResult): LatencySummary | null {
  return result.geo?.writeLatency ?? result.storage?.writeLatency ?? null;
}

/** Loads d3-node (and with it jsdom, about half a second) only when a report is rendered. */
export async function loadD3Node(): Promise<D3NodeConstructor> {
  const module = await import('d3-node');
  return module.D3Node;
}

export function verdictLine(run: ReportRun): string {
  const result = run.result;
  const byInvariant = new Map<string, number>();
  for (const violation of result.violations) byInvariant.set(violation.invariant, (byInvariant.get(violation.invariant) ?? 0) + 1);
  const detail = [...byInvariant.entries()].map(([name, count]) => `${count} ${name}`).join(', ');
  return `${run.label}: ${result.verdict === 'pass' ? 'PASS' : `FAIL (${detail || `${result.counts.violations} violations`})`}`;
}

export function renderRunReport(D3Node: D3NodeConstructor, scenario: { readonly name: string; readonly description: string }, runs: readonly ReportRun[]): Record<string, string> {
  const title = `${scenario.name} — ${runs.map(verdictLine).join(' · ')}`;
  const sections = runs.map((run, index) => runSection(D3Node, run, index));
  const html = htmlPage(title, `
<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(scenario.description)}</p>
<p class="meta">seed ${escapeHtml(runs[0]?.result.seed ?? '')} · ${runs[0]?.result.counts.events ?? 0} events · simulated ${((runs[0]?.result.durations.simulatedUs ?? 0) / 1e6).toFixed(1)} s · ${escapeHtml(runs[0]?.result.tool.name ?? '')} ${escapeHtml(runs[0]?.result.tool.version ?? '')}</p></header>
<main class="runs runs-${runs.length}">${sections.join('\n')}</main>`);
  return { 'index.html': html, 'summary.json': `${JSON.stringify(summaryOf(scenario, runs), null, 2)}\n`, 'summary.md': markdownOf(scenario, runs) };
}

function runSection(D3Node: D3NodeConstructor, run: ReportRun, runIndex: number): string {
  const result = run.result;
  const endUs = result.durations.simulatedUs;
  const charts: string[] = [];
  const violationId = (k: number): string => `violation-${runIndex}-${k}`;
  if (result.geo !== null) {
    const geo = result.geo;
    charts.push(timelineChart(D3Node, `Copies, systems and mirroring over time (${run.label})`, geo.timeline, result.faultSchedule, endUs));
    const foreignViolations = result.violations.map((violation, k) => ({ violation, k })).filter(({ violation }) => violation.invariant === 'foreignResolution');
    const marks = geo.foreignMarks.map((mark, index) => ({ timeUs: mark.timeUs, href: index < foreignViolations.length && foreignViolations[index].k < LISTED_VIOLATIONS ? `#${violationId(foreignViolations[index].k)}` : `#violations-${runIndex}` }));
    const per = geo.series.bucketUs === 1_000_000 ? 'second' : `${geo.series.bucketUs / 1e6} s`;
    const foreign = geo.resolutions.foreign;
    const resolutionsTitle = `Pointer resolutions per ${per} by class — ${foreign} foreign (${run.label})`;
    charts.push(resolutionsChart(D3Node, resolutionsTitle, geo.series.resolutions, marks, endUs, geo.series.bucketUs));
    charts.push(progressChart(D3Node, `Synchronisation progress and production write latency (${run.label})`,
      geo.series.syncProgress, geo.series.writeLatency, endUs, geo.series.bucketUs, geo.writeLatency));
    charts.push(rangesChart(D3Node, `Address ranges put in use by each IASP copy (${run.label})`, geo.rangesUsed, endUs));
  } else if (result.storage !== null) {
    const storage = result.storage;
    charts.push(timelineChart(D3Node, `Copies and disks over time (${run.label})`, storage.timeline, result.faultSchedule, endUs));
    charts.push(progressChart(D3Node, `Recovery progress and application write latency (${run.label})`,
      storage.series.recoveryProgress, storage.series.writeLatency, endUs, storage.series.bucketUs,
      storage.writeLatency));
  }
  const variant = Object.entries(result.variant).map(([key, value]) => `${key}=${value}`).join(' ');
  const expected = run.expect === undefined ? '' : ` <span class="${run.expect === result.verdict ? 'expected' : 'unexpected'}">(expected ${run.expect}: ${run.expect === result.verdict ? 'yes' : 'NO'})</span>`;
  const counts = result.geo === null ? '' : `<table class="counts"><tr>${Object.keys(result.geo.resolutions).map((name) => `<th>${name}</th>`).join('')}</tr><tr>${Object.values(result.geo.resolutions).map((count) => `<td>${count}</td>`).join('')}</tr></table>`;
  const latency = writeLatencyOf(result);
  const latencyHeads = LATENCY_COLUMNS.map(([name]) => `<th>${name}</th>`).join('');
  const latencyCells = latency === null ? ''
    : LATENCY_COLUMNS.map(([, field]) => `<td>${formatMs(latency[field])}</td>`).join('');
  const latencyTable = latency === null ? ''
    : `<table class="counts latency"><tr><th>write latency (ms)</th>${latencyHeads}</tr>`
      + `<tr><td>${latency.count} writes</td>${latencyCells}</tr></table>`;
  const violations = result.violations.slice(0, LISTED_VIOLATIONS).map((violation, k) => `<li id="${violationId(k)}"><pre>${escapeHtml(describeViolation(violation))}</pre></li>`).join('\n');
  const more = result.counts.violations > LISTED_VIOLATIONS ? `<p>… and ${result.counts.violations - LISTED_VIOLATIONS} more (see summary.json or --json).</p>` : '';
  return `<section class="run ${result.verdict}">
<h2>${escapeHtml(run.label)}: <span class="verdict">${result.verdict.toUpperCase()}</span>${expected}</h2>
<p class="meta">variant ${escapeHtml(variant)} · fingerprints ${result.fingerprints.schedule} / ${result.fingerprints.outcome}</p>
${counts}
${latencyTable}
${charts.map((svg) => `<figure>${svg}</figure>`).join('\n')}
<h3 id="violations-${runIndex}">Violations (${result.counts.violations})</h3>
${result.counts.violations === 0 ? '<p>Every invariant held.</p>' : `<ol>${violations}</ol>${more}`}
<p class="reproduce">Reproduce: <code>${escapeHtml(run.reproduce)}</code></p>
</section>`;
}

function summaryOf(scenario: { readonly name: string; readonly description: string }, runs: readonly ReportRun[]) {
  return {
    scenario: scenario.name,
    description: scenario.description,
    runs: runs.map((run) => ({
      label: run.label,
      expect: run.expect ?? null,
      seed: run.result.seed,
      variant: run.result.variant,
      verdict: run.result.verdict,
      fingerprints: run.result.fingerprints,
      stop: run.result.stop,
      counts: run.result.counts,
      resolutions: run.result.geo?.resolutions ?? null,
      mirroring: run.result.geo?.mirror ?? null,
      recoveries: run.result.storage?.recoveries ?? null,
      writeLatency: writeLatencyOf(run.result),
      probes: run.result.probes,
      violations: run.result.violations.slice(0, LISTED_VIOLATIONS),
      reproduce: run.reproduce,
    })),
  };
}

function markdownOf(scenario: { readonly name: string; readonly description: string }, runs: readonly ReportRun[]): string {
  const lines = [`# ${scenario.name}`, '', scenario.description, '', `| | ${runs.map((run) => run.label).join(' | ')} |`, `|---|${runs.map(() => '---').join('|')}|`];
  const row = (name: string, cell: (run: ReportRun) => string): string => `| ${name} | ${runs.map(cell).join(' | ')} |`;
  lines.push(row('variant', (run) => Object.entries(run.result.variant).map(([key, value]) => `${key}=${value}`).join(' ')));
  lines.push(row('verdict', (run) => `${run.result.verdict.toUpperCase()}${run.expect === undefined ? '' : ` (expected ${run.expect})`}`));
  lines.push(row('violations', (run) => String(run.result.counts.violations)));
  if (runs.some((run) => run.result.geo !== null)) {
    for (const name of ['ok', 'staleDetected', 'destroyedDetected', 'falseStale', 'foreign']) lines.push(row(`resolutions ${name}`, (run) => String(run.result.geo?.resolutions[name] ?? 0)));
  }
  if (runs.some((run) => writeLatencyOf(run.result) !== null)) {
    for (const [name, field] of LATENCY_COLUMNS) {
      lines.push(row(`write latency ${name} (ms)`, (run) => {
        const latency = writeLatencyOf(run.result);
        return latency === null ? '' : formatMs(latency[field]);
      }));
    }
  }
  lines.push(row('events', (run) => String(run.result.counts.events)));
  lines.push(row('fingerprints', (run) => `${run.result.fingerprints.schedule} / ${run.result.fingerprints.outcome}`));
  lines.push('');
  for (const run of runs) {
    const first = run.result.violations[0];
    if (first !== undefined) lines.push(`## ${run.label}: first violation`, '', '```', describeViolation(first), '```', '');
    lines.push(`Reproduce ${run.label}: \`${run.reproduce}\``, '');
  }
  return `${lines.join('\n')}\n`;
}
