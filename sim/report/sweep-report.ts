// A sweep report: `index.html` that reads at a glance in a 1,440 px window (the verdict, the table with the 95%
// bound per variant, charts of the failing share, violations per seed and time to first violation, the
// failing seeds grouped with one reproduce template), plus `summary.json` and `summary.md`. Deterministic.

import { BOUND_METHOD, clippedSeeds } from '../sweep/sweep-stats.js';
import { SEED_PLACEHOLDER, type VariantSummary } from '../sweep/sweep-summary.js';
import type { D3NodeConstructor } from './charts.js';
import { escapeHtml, htmlPage } from './html.js';
import { failShareChart, firstViolationChart, violationsPerSeedChart } from './sweep-charts.js';

const SWEEP_STYLE = `
main.sweep { max-width: 1392px; }
.verdict-line { font-size: 1.05rem; font-weight: 600; margin: .3rem 0 .8rem; }
.verdict-line.as-expected { color: #2e7d32; }
.verdict-line.unexpected { color: #c62828; }
.sweep-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; align-items: start; }
.sweep-grid figure { margin: 0; background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: .4rem; }
table.sweep td.label { text-align: left; }
table.sweep td.unexpected { color: #c62828; font-weight: bold; }
table.sweep td.wrap { text-align: left; max-width: 20rem; }
.seeds { font-family: ui-monospace, monospace; font-size: .85rem; overflow-wrap: anywhere; }
.note { color: #616161; font-size: .8rem; }
details { margin: .6rem 0; }
`;

function share(part: number, whole: number): string {
  if (whole === 0 || part === 0) return '0 %';
  const value = (part / whole) * 100;
  return `${value >= 1 ? value.toFixed(1) : Number(value.toPrecision(2)).toString()} %`;
}

/** What the sweep found in one sentence: as expected, or which variants gave unexpected verdicts. */
export function sweepVerdict(summaries: readonly VariantSummary[]): { asExpected: boolean; text: string } {
  const flagged = summaries.filter((summary) => summary.unexpectedSeeds.length > 0);
  if (flagged.length === 0) return { asExpected: true, text: 'As expected: every variant gave its expected verdict on every seed.' };
  const parts = flagged.map((summary) => (summary.expect === 'fail'
    ? `${summary.label} is flawed on purpose but passed ${summary.unexpectedSeeds.length} of ${summary.seedsRun} seeds`
    : `${summary.label} was expected to pass but failed ${summary.unexpectedSeeds.length} of ${summary.seedsRun} seeds`));
  return { asExpected: false, text: `Unexpected: ${parts.join('; ')}.` };
}

/** `firstViolationsS` is accepted for older callers and not used: the summaries carry the quartiles. */
export function renderSweepReport(
  D3Node: D3NodeConstructor, scenario: string, seeds: string, durationS: number, summaries: readonly VariantSummary[],
  _firstViolationsS?: readonly { label: string; valuesS: readonly number[] }[],
): Record<string, string> {
  const seedCount = Math.max(0, ...summaries.map((summary) => summary.seedsRun));
  const title = `sweep ${scenario}, seeds ${seeds} (${seedCount}), ${summaries.length} variant${summaries.length === 1 ? '' : 's'}`;
  const verdict = sweepVerdict(summaries);
  const html = htmlPage(title, `<header><h1>${escapeHtml(title)}</h1>
<p id="verdict" class="verdict-line ${verdict.asExpected ? 'as-expected' : 'unexpected'}">${escapeHtml(verdict.text)}</p></header>
<main class="sweep">${summaryTable(summaries)}
<p class="note">${escapeHtml(`Bound: ${BOUND_METHOD}. Expected: a variant with a value flawed on purpose (or listed so in the scenario's compare) should fail every seed; any other should pass.`)}</p>
<div class="sweep-grid">
<figure>${failShareChart(D3Node, summaries)}</figure>
<figure>${violationsPerSeedChart(D3Node, summaries)}</figure>
<figure>${firstViolationChart(D3Node, summaries, durationS)}</figure>
<section>${failingSeeds(summaries)}</section>
</div>
${probes(summaries)}
</main>`, SWEEP_STYLE);
  return { 'index.html': html, 'summary.json': `${JSON.stringify({ scenario, seeds, boundMethod: BOUND_METHOD, variants: summaries }, null, 2)}\n`, 'summary.md': markdown(scenario, seeds, summaries) };
}

function summaryTable(summaries: readonly VariantSummary[]): string {
  const head = ['variant', 'expected', 'seeds', 'with a violation', '95% bound', 'false-stale rate', 'foreign resolutions',
    'first violation, median (s)', 'invariants (seeds)'];
  const rows = summaries.map((summary) => {
    const unexpected = summary.unexpectedSeeds.length > 0;
    const cells = [
      `<td class="label">${escapeHtml(summary.label)}</td>`,
      `<td class="label">${summary.expect}</td>`,
      `<td>${summary.seedsRun}</td>`,
      `<td${unexpected ? ' class="unexpected"' : ''}>${summary.seedsWithViolation} (${share(summary.seedsWithViolation, summary.seedsRun)})${unexpected ? ' unexpected' : ''}</td>`,
      `<td>${share(summary.failShareUpper95, 1)}</td>`,
      `<td>${summary.falseStaleRate === null ? '-' : `${(summary.falseStaleRate * 100).toFixed(2)} %`}</td>`,
      `<td>${summary.falseStaleRate === null ? '-' : summary.foreign}</td>`,
      `<td>${summary.firstViolationMedianS === null ? '-' : summary.firstViolationMedianS.toFixed(2)}</td>`,
      `<td class="wrap">${escapeHtml(Object.entries(summary.invariants).map(([name, count]) => `${name} ${count}`).join(', ') || '-')}</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table class="sweep"><tr>${head.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr>\n${rows.join('\n')}</table>`;
}

function failingSeeds(summaries: readonly VariantSummary[]): string {
  const parts = summaries.filter((summary) => summary.failing.length > 0 || summary.unexpectedSeeds.length > 0).map((summary) => {
    const groups = summary.failingGroups.map((group) => `<li>${escapeHtml(group.invariants.join(', '))} (${group.seeds.length}): `
      + `<span class="seeds">${escapeHtml(clippedSeeds(group.seeds, 400))}</span></li>`).join('');
    const passed = summary.expect === 'fail' && summary.unexpectedSeeds.length > 0
      ? `<p class="unexpected">Passed although flawed (${summary.unexpectedSeeds.length}): <span class="seeds">${escapeHtml(clippedSeeds(summary.unexpectedSeeds, 400))}</span></p>` : '';
    const replay = summary.failing.length === 0 ? ''
      : `<p>Replay one, with ${SEED_PLACEHOLDER} a seed above: <code>${escapeHtml(summary.reproduceTemplate)}</code></p>`;
    return `<h3>${escapeHtml(summary.label)}: ${summary.failing.length} failing seed${summary.failing.length === 1 ? '' : 's'}</h3>${groups === '' ? '' : `<ul>${groups}</ul>`}${passed}${replay}`;
  });
  return parts.length === 0 ? '<h3>No seed failed</h3>' : `<h2>Failing seeds, by the invariants broken</h2>${parts.join('\n')}`;
}

function probes(summaries: readonly VariantSummary[]): string {
  const listed = summaries.filter((summary) => summary.probesNeverFired.length > 0);
  if (listed.length === 0) return '';
  const items = listed.map((summary) => `<li>${escapeHtml(summary.label)}: ${escapeHtml(summary.probesNeverFired.join(', '))}</li>`).join('\n');
  return `<details><summary>Coverage probes never fired in any run (paths this sweep never exercised)</summary><ul>${items}</ul></details>`;
}

function markdown(scenario: string, seeds: string, summaries: readonly VariantSummary[]): string {
  const percent = (summary: VariantSummary): string => share(summary.seedsWithViolation, summary.seedsRun);
  return [`# sweep ${scenario}, seeds ${seeds}`, '', sweepVerdict(summaries).text, '',
    '| variant | expected | seeds | with a violation | 95% bound | false-stale rate | foreign | first violation, median (s) |',
    '|---|---|---|---|---|---|---|---|',
    ...summaries.map((summary) => `| ${summary.label} | ${summary.expect} | ${summary.seedsRun} | ${summary.seedsWithViolation} (${percent(summary)})`
      + `${summary.unexpectedSeeds.length > 0 ? ' **unexpected**' : ''} | ${share(summary.failShareUpper95, 1)} | `
      + `${summary.falseStaleRate === null ? '-' : `${(summary.falseStaleRate * 100).toFixed(2)} %`} | ${summary.falseStaleRate === null ? '-' : summary.foreign} | `
      + `${summary.firstViolationMedianS === null ? '-' : summary.firstViolationMedianS.toFixed(2)} |`),
    '', `Bound: ${BOUND_METHOD}.`, '',
    ...summaries.filter((summary) => summary.probesNeverFired.length > 0).map((summary) => `- ${summary.label}: probes never fired in any run: ${summary.probesNeverFired.join(', ')}`),
    ...summaries.filter((summary) => summary.failing.length > 0).flatMap((summary) => [
      `- ${summary.label}: ${summary.failing.length} failing seed(s); replay one with \`${summary.reproduceTemplate}\``,
      ...summary.failingGroups.map((group) => `  - ${group.invariants.join(', ')} (${group.seeds.length}): ${clippedSeeds(group.seeds, 400)}`),
    ]), ''].join('\n');
}
