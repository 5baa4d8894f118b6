// A sweep report: `index.html` with the share of seeds with a violation per variant and the distribution of
// time to first violation, the summary table and the failing seeds with their replay commands; plus
// `summary.json` and `summary.md`. Deterministic, like the run report.

import type { VariantSummary } from '../sweep/sweep-summary.js';
import { type D3NodeConstructor, histogramChart, shareChart } from './charts.js';
import { escapeHtml, htmlPage } from './html.js';

export function renderSweepReport(D3Node: D3NodeConstructor, scenario: string, seeds: string, durationS: number, summaries: readonly VariantSummary[], firstViolationsS: readonly { label: string; valuesS: readonly number[] }[]): Record<string, string> {
  const title = `sweep ${scenario} (seeds ${seeds}) — ${summaries.map((summary) => `${summary.label}: ${summary.seedsWithViolation}/${summary.seedsRun} seeds with a violation`).join(' · ')}`;
  const share = shareChart(D3Node, 'Seeds with a violation, per variant', summaries.map((summary) => ({ label: summary.label, share: summary.seedsRun === 0 ? 0 : summary.seedsWithViolation / summary.seedsRun })));
  const histogram = histogramChart(D3Node, 'Time to first violation', firstViolationsS, durationS);
  const table = `<table class="sweep"><tr><th>variant</th><th>seeds</th><th>with a violation</th><th>foreign resolutions</th><th>false-stale rate</th><th>first violation, median (s)</th><th>invariants (seeds)</th></tr>
${summaries.map((summary) => `<tr><td>${escapeHtml(summary.label)}</td><td>${summary.seedsRun}</td><td>${summary.seedsWithViolation}</td><td>${summary.foreign}</td><td>${summary.falseStaleRate === null ? '-' : `${(summary.falseStaleRate * 100).toFixed(2)} %`}</td><td>${summary.firstViolationMedianS === null ? '-' : summary.firstViolationMedianS.toFixed(2)}</td><td>${escapeHtml(Object.entries(summary.invariants).map(([name, count]) => `${name} ${count}`).join(', ') || '-')}</td></tr>`).join('\n')}</table>`;
  const failing = summaries.map((summary) => summary.failing.length === 0 ? '' : `<h3>${escapeHtml(summary.label)}: failing seeds</h3><ul>${summary.failing.slice(0, 100).map((entry) => `<li>seed ${escapeHtml(entry.seed)} (${escapeHtml(entry.invariants.join(', '))}): <code>${escapeHtml(entry.replay)}</code></li>`).join('\n')}</ul>${summary.failing.length > 100 ? `<p>… and ${summary.failing.length - 100} more in results.jsonl.</p>` : ''}`).join('\n');
  const probes = summaries.filter((summary) => summary.probesNeverFired.length > 0)
    .map((summary) => `<p>${escapeHtml(summary.label)}: coverage probes never fired in any run: ${escapeHtml(summary.probesNeverFired.join(', '))}</p>`).join('\n');
  const html = htmlPage(title, `<header><h1>${escapeHtml(title)}</h1></header>
<main><section class="run">${table}${probes}<figure>${share}</figure><figure>${histogram}</figure>${failing}</section></main>`);
  const md = [`# sweep ${scenario}, seeds ${seeds}`, '', '| variant | seeds | with a violation | foreign | false-stale rate | first violation, median (s) |', '|---|---|---|---|---|---|',
    ...summaries.map((summary) => `| ${summary.label} | ${summary.seedsRun} | ${summary.seedsWithViolation} | ${summary.foreign} | ${summary.falseStaleRate === null ? '-' : `${(summary.falseStaleRate * 100).toFixed(2)} %`} | ${summary.firstViolationMedianS === null ? '-' : summary.firstViolationMedianS.toFixed(2)} |`), '',
    ...summaries.filter((summary) => summary.probesNeverFired.length > 0).map((summary) => `- ${summary.label}: probes never fired in any run: ${summary.probesNeverFired.join(', ')}`),
    ...summaries.flatMap((summary) => summary.failing.slice(0, 20).map((entry) => `- ${summary.label}, seed ${entry.seed}: \`${entry.replay}\``)), ''].join('\n');
  return { 'index.html': html, 'summary.json': `${JSON.stringify({ scenario, seeds, variants: summaries }, null, 2)}\n`, 'summary.md': md };
}
