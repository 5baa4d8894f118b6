// A run report: `index.html` (self-contained: inline CSS and SVG charts, no network), `summary.json` and
// `summary.md`, for one run or for a scenario's compared variants side by side. Deterministic: the files
// hold no wall-clock figure or date, so the same run gives the same bytes (wall times stay on the terminal).

import { describeViolation } from '../oracle/violations.js';
import type { RunResult } from '../runner/run-result.js';
import { countsText, extentText, phasesOf, refusalsOf } from '../runner/run-phases.js';
import type { D3NodeConstructor } from './chart-kit.js';
import { formatMs } from './chart-kit.js';
import { escapeHtml, htmlPage } from './html.js';
import {
  LATENCY_COLUMNS, RUN_STYLE, type ReportRun, chartGrid, comparisonTable, runDetails, verdictBlock, verdictText,
} from './run-report-html.js';
import { groupViolations } from './violation-groups.js';

export type { ReportRun } from './run-report-html.js';

const LISTED_VIOLATIONS = 50;

/** The run's write latency summary (volume or production), or null when it has no workload of writes. */
function writeLatencyOf(result: RunResult) {
  return result.geo?.writeLatency ?? result.storage?.writeLatency ?? null;
}

/** Loads d3-node (and with it jsdom, about half a second) only when a report is rendered. */
export async function loadD3Node(): Promise<D3NodeConstructor> {
  const module = await import('d3-node');
  return module.D3Node;
}

export function verdictLine(run: ReportRun): string {
  return `${run.label}: ${verdictText(run.result)}`;
}

export function renderRunReport(D3Node: D3NodeConstructor, scenario: { readonly name: string; readonly description: string }, runs: readonly ReportRun[]): Record<string, string> {
  const title = `${scenario.name} — ${runs.map(verdictLine).join(' · ')}`;
  const first = runs[0]?.result;
  const meta = `seed ${escapeHtml(first?.seed ?? '')} · ${escapeHtml(first?.tool.name ?? '')} ${escapeHtml(first?.tool.version ?? '')}`
    + (runs.length > 1 ? ' · each variant in its own column' : '');
  const html = htmlPage(title, `
<header><h1>${escapeHtml(scenario.name)}</h1><p>${escapeHtml(scenario.description)}</p><p class="meta">${meta}</p></header>
${verdictBlock(runs)}
${comparisonTable(runs)}
${chartGrid(D3Node, runs)}
<main class="runs runs-${runs.length}">${runs.map((run, index) => runDetails(run, index)).join('\n')}</main>`, RUN_STYLE);
  return { 'index.html': html, 'summary.json': `${JSON.stringify(summaryOf(scenario, runs), null, 2)}\n`, 'summary.md': markdownOf(scenario, runs) };
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
      durations: run.result.durations,
      phases: phasesOf(run.result),
      refusals: refusalsOf(run.result),
      resolutions: run.result.geo?.resolutions ?? null,
      mirroring: run.result.geo?.mirror ?? null,
      recoveries: run.result.storage?.recoveries ?? null,
      writeLatency: writeLatencyOf(run.result),
      probes: run.result.probes,
      violationGroups: groupViolations(run.result.violations).map((group) => ({
        invariant: group.invariant, count: group.members.length, first: group.members[0].index,
      })),
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
  lines.push(row('actions performed', (run) => countsText(run.result.counts.actions)));
  lines.push(row('requests refused', (run) => countsText(run.result.counts.refused)));
  lines.push(row('simulated', (run) => extentText(run.result)));
  lines.push(row('events', (run) => String(run.result.counts.events)));
  lines.push(row('fingerprints', (run) => `${run.result.fingerprints.schedule} / ${run.result.fingerprints.outcome}`));
  lines.push('');
  for (const run of runs) {
    const first = run.result.violations[0];
    const groups = groupViolations(run.result.violations);
    if (first !== undefined) {
      const also = groups[0].members.length - 1;
      const same = also === 0 ? '' : ` (and ${also} more with the same chain; ${groups.length} group(s) in all)`;
      lines.push(`## ${run.label}: first violation${same}`, '', '```', describeViolation(first), '```', '');
    }
    lines.push(`Reproduce ${run.label}: \`${run.reproduce}\``, '');
  }
  return `${lines.join('\n')}\n`;
}
