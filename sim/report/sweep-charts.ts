// The sweep report's charts, SVG strings from d3-node, each 680 px wide so two sit side by side in a 1,440 px
// window: the share of failing seeds per variant with its 95% upper bound, seeds by violations per seed, and
// the spread of time to the first violation. Pure functions of the summaries: the same sweep, the same bytes.

import type { VariantSummary } from '../sweep/sweep-summary.js';
import { variantColumn, violationBinLabel } from '../sweep/sweep-stats.js';
import type { D3NodeConstructor } from './charts.js';

const WIDTH = 680;
const FONT = 'font-family: system-ui, sans-serif; font-size: 11px;';
const LEFT = 150;
const RIGHT = 30;
/** One colour per variant, in order (the same in every chart). */
export const VARIANT_PALETTE = ['#1565c0', '#ef6c00', '#6a1b9a', '#00897b', '#5d4037', '#c2185b', '#455a64', '#9e9d24'];
const FAILED = '#c62828';
const CAUGHT = '#546e7a';
const CLEAN = '#2e7d32';

function frame(D3Node: D3NodeConstructor, height: number, title: string) {
  const d3n = new D3Node();
  const svg = d3n.createSVG(WIDTH, height, { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, style: FONT });
  svg.append('text').attr('x', 8).attr('y', 18).attr('font-weight', 'bold').attr('font-size', '13px').text(title);
  return { d3n, svg, d3: d3n.d3 };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 1)} %`;
}

/** Labels to fit the left margin: a key all variants share left out, then cut (the tooltips keep the whole). */
function shortLabels(summaries: readonly VariantSummary[]): string[] {
  return variantColumn(summaries.map((summary) => summary.label)).cells.map((label) => (label.length > 22 ? `${label.slice(0, 21)}…` : label));
}

/**
 * Failing share per variant as a bar, a bracket to its 95% upper bound, coloured by what was expected: red
 * for failures of a variant expected to pass, grey for a flawed variant caught, and an unexpected pass called out.
 */
export function failShareChart(D3Node: D3NodeConstructor, summaries: readonly VariantSummary[]): string {
  const rowHeight = 30;
  const top = 34;
  const height = top + summaries.length * rowHeight + 44;
  const { d3n, svg, d3 } = frame(D3Node, height, 'Seeds with a violation, per variant (bar), and the 95% upper bound (bracket)');
  const x = d3.scaleLinear().domain([0, 100]).range([LEFT, WIDTH - RIGHT - 150]);
  const labels = shortLabels(summaries);
  const axisY = top + summaries.length * rowHeight + 4;
  svg.append('g').attr('transform', `translate(0,${axisY})`).call(d3.axisBottom(x).ticks(5));
  svg.append('text').attr('x', (LEFT + WIDTH - RIGHT - 150) / 2).attr('y', axisY + 30).attr('text-anchor', 'middle').text('seeds with a violation (%)');
  summaries.forEach((summary, index) => {
    const y = top + index * rowHeight;
    const share = summary.seedsRun === 0 ? 0 : summary.seedsWithViolation / summary.seedsRun;
    const unexpected = summary.unexpectedSeeds.length > 0;
    const colour = summary.expect === 'pass' ? (share > 0 ? FAILED : CLEAN) : CAUGHT;
    svg.append('text').attr('x', LEFT - 6).attr('y', y + 16).attr('text-anchor', 'end').text(labels[index])
      .append('title').text(summary.label);
    svg.append('rect').attr('x', x(0)).attr('y', y + 6).attr('width', Math.max(1, x(share * 100) - x(0))).attr('height', 14).attr('fill', colour)
      .append('title').text(`${summary.label}: ${summary.seedsWithViolation} of ${summary.seedsRun} seeds with a violation`);
    const bound = x(summary.failShareUpper95 * 100);
    svg.append('path').attr('d', `M${x(share * 100)},${y + 13} H${bound} M${bound},${y + 7} V${y + 19}`).attr('stroke', '#212121').attr('fill', 'none')
      .append('title').text(`at most ${percent(summary.failShareUpper95)} of seeds fail, with 95% confidence`);
    const note = svg.append('text').attr('x', WIDTH - RIGHT - 144).attr('y', y + 17)
      .text(`${summary.seedsWithViolation}/${summary.seedsRun}, ≤ ${percent(summary.failShareUpper95)}${unexpected ? ', unexpected' : ''}`);
    if (unexpected) note.attr('fill', FAILED).attr('font-weight', 'bold');
  });
  return d3n.svgString();
}

/** Seeds per bin of violations per run (0, 1, 2-3, 4-7, ...), as a share of each variant's seeds, bars side by side. */
export function violationsPerSeedChart(D3Node: D3NodeConstructor, summaries: readonly VariantSummary[]): string {
  const height = 280;
  const top = 34;
  const bottom = 46;
  const legendWidth = 150;
  const { d3n, svg, d3 } = frame(D3Node, height, 'Violations per seed: how many seeds had none, 1, 2-3, 4-7, ...');
  const binCount = Math.max(1, ...summaries.map((summary) => summary.violationsPerSeed.length));
  const bins = Array.from({ length: binCount }, (_, index) => violationBinLabel(index));
  const x = d3.scaleBand<string>().domain(bins).range([60, WIDTH - legendWidth]).paddingInner(0.2);
  const y = d3.scaleLinear().domain([0, 100]).range([height - bottom, top + 8]);
  svg.append('g').attr('transform', `translate(0,${height - bottom})`).call(d3.axisBottom(x));
  svg.append('g').attr('transform', 'translate(60,0)').call(d3.axisLeft(y).ticks(5));
  svg.append('text').attr('x', (60 + WIDTH - legendWidth) / 2).attr('y', height - 12).attr('text-anchor', 'middle').text('violations in the run');
  svg.append('text').attr('transform', `translate(20,${(height - bottom + top) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text('seeds (%)');
  const barWidth = x.bandwidth() / Math.max(1, summaries.length);
  summaries.forEach((summary, variant) => {
    summary.violationsPerSeed.forEach((count, bin) => {
      if (count === 0 || summary.seedsRun === 0) return;
      const share = (count / summary.seedsRun) * 100;
      svg.append('rect').attr('x', (x(bins[bin]) ?? 0) + variant * barWidth).attr('width', Math.max(1, barWidth - 1))
        .attr('y', y(share)).attr('height', y(0) - y(share)).attr('fill', VARIANT_PALETTE[variant % VARIANT_PALETTE.length])
        .append('title').text(`${summary.label}: ${count} of ${summary.seedsRun} seeds with ${bins[bin]} violation(s)`);
    });
  });
  const labels = shortLabels(summaries);
  legend(svg, summaries.map((_, index) => [labels[index], VARIANT_PALETTE[index % VARIANT_PALETTE.length]]), WIDTH - legendWidth + 10, top);
  return d3n.svgString();
}

/**
 * Time to the first violation per variant over the scenario's duration: a line from the earliest to the
 * latest, a box from the lower to the upper quartile, a tick at the median. Variants without one say so.
 */
export function firstViolationChart(D3Node: D3NodeConstructor, summaries: readonly VariantSummary[], durationS: number): string {
  const rowHeight = 28;
  const top = 34;
  const height = top + summaries.length * rowHeight + 44;
  const { d3n, svg, d3 } = frame(D3Node, height, 'Time to the first violation: range, quartiles and median over the failing seeds');
  const latest = Math.max(durationS, ...summaries.map((summary) => summary.firstViolationQuartilesS?.[4] ?? 0));
  const x = d3.scaleLinear().domain([0, latest]).range([LEFT, WIDTH - RIGHT]);
  const axisY = top + summaries.length * rowHeight + 4;
  const labels = shortLabels(summaries);
  svg.append('g').attr('transform', `translate(0,${axisY})`).call(d3.axisBottom(x).ticks(8));
  svg.append('text').attr('x', (LEFT + WIDTH - RIGHT) / 2).attr('y', axisY + 30).attr('text-anchor', 'middle').text('simulated time (s)');
  summaries.forEach((summary, index) => {
    const y = top + index * rowHeight + rowHeight / 2;
    const colour = VARIANT_PALETTE[index % VARIANT_PALETTE.length];
    svg.append('text').attr('x', LEFT - 6).attr('y', y + 4).attr('text-anchor', 'end').text(labels[index]).append('title').text(summary.label);
    const quartiles = summary.firstViolationQuartilesS;
    if (quartiles === null) {
      svg.append('text').attr('x', LEFT + 4).attr('y', y + 4).attr('fill', '#616161').text('no violation on any seed');
      return;
    }
    const [min, q1, median, q3, max] = quartiles.map((value) => x(value));
    const group = svg.append('g');
    group.append('title').text(`${summary.label}: first violation from ${quartiles[0].toFixed(2)} s to ${quartiles[4].toFixed(2)} s, `
      + `median ${quartiles[2].toFixed(2)} s, over ${summary.seedsWithViolation} seed(s)`);
    group.append('line').attr('x1', min).attr('x2', max).attr('y1', y).attr('y2', y).attr('stroke', colour);
    group.append('rect').attr('x', q1).attr('y', y - 7).attr('width', Math.max(2, q3 - q1)).attr('height', 14).attr('fill', colour).attr('opacity', 0.35).attr('stroke', colour);
    group.append('line').attr('x1', median).attr('x2', median).attr('y1', y - 9).attr('y2', y + 9).attr('stroke', colour).attr('stroke-width', 3);
    const text = quartiles[0] === quartiles[4] ? `all at ${quartiles[2].toFixed(2)} s` : `median ${quartiles[2].toFixed(2)} s`;
    svg.append('text').attr('x', Math.min(max + 6, WIDTH - RIGHT - 90)).attr('y', y - 9).attr('font-size', '10px').text(text);
  });
  return d3n.svgString();
}

function legend(svg: ReturnType<InstanceType<D3NodeConstructor>['createSVG']>, entries: readonly (readonly [string, string])[], x: number, top: number): void {
  entries.forEach(([label, colour], index) => {
    const y = top + index * 15;
    svg.append('rect').attr('x', x).attr('y', y).attr('width', 10).attr('height', 10).attr('fill', colour);
    svg.append('text').attr('x', x + 14).attr('y', y + 9).text(label);
  });
}
