// The report's charts, rendered to SVG strings with d3-node: the sweep's share of violating seeds and its
// histogram here; a run's charts (timeline, resolutions, progress, address ranges) in run-charts.ts, re-exported
// from here. Pure functions of a result: the same result gives the same bytes.

import type { D3Node as D3NodeClass } from 'd3-node';
import { CLASS_COLOURS } from './chart-kit.js';

export type D3NodeConstructor = typeof D3NodeClass;
export { CLASS_COLOURS, STATE_COLOURS, formatMs } from './chart-kit.js';
export { type LatencyLevels, progressChart, rangesChart, resolutionsChart, timelineChart } from './run-charts.js';

const WIDTH = 1020;
const MARGIN = { top: 34, right: 240, bottom: 36, left: 150 };
const FONT = 'font-family: system-ui, sans-serif; font-size: 11px;';

function frame(D3Node: D3NodeConstructor, height: number, title: string) {
  const d3n = new D3Node();
  const svg = d3n.createSVG(WIDTH, height, { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, style: FONT });
  svg.append('text').attr('x', MARGIN.left).attr('y', 18).attr('font-weight', 'bold').attr('font-size', '13px').text(title);
  return { d3n, svg, d3: d3n.d3 };
}

/** Bars of a share per label (a sweep's violation share per variant). */
export function shareChart(D3Node: D3NodeConstructor, title: string, bars: readonly { label: string; share: number }[]): string {
  const height = 80 + bars.length * 30;
  const { d3n, svg, d3 } = frame(D3Node, height, title);
  const x = d3.scaleLinear().domain([0, 100]).range([MARGIN.left + 120, WIDTH - MARGIN.right]);
  const axisY = MARGIN.top + bars.length * 30 + 4;
  svg.append('g').attr('transform', `translate(0,${axisY})`).call(d3.axisBottom(x).ticks(10));
  svg.append('text').attr('x', (MARGIN.left + 120 + WIDTH - MARGIN.right) / 2).attr('y', axisY + 30).attr('text-anchor', 'middle').text('seeds with a violation (%)');
  bars.forEach((bar, index) => {
    const y = MARGIN.top + index * 30;
    svg.append('text').attr('x', MARGIN.left + 114).attr('y', y + 16).attr('text-anchor', 'end').text(bar.label);
    svg.append('rect').attr('x', x(0)).attr('y', y + 4).attr('width', x(bar.share * 100) - x(0)).attr('height', 18).attr('fill', bar.share > 0 ? CLASS_COLOURS.foreign : CLASS_COLOURS.ok);
    svg.append('text').attr('x', x(bar.share * 100) + 4).attr('y', y + 17).text(`${(bar.share * 100).toFixed(1)} %`);
  });
  return d3n.svgString();
}

/** A histogram of times (s), one series per label. */
export function histogramChart(D3Node: D3NodeConstructor, title: string, series: readonly { label: string; valuesS: readonly number[] }[], endS: number): string {
  const height = 260;
  const { d3n, svg, d3 } = frame(D3Node, height, title);
  const axisY = height - MARGIN.bottom - 10;
  const x = d3.scaleLinear().domain([0, endS]).range([MARGIN.left, WIDTH - MARGIN.right]);
  svg.append('g').attr('transform', `translate(0,${axisY})`).call(d3.axisBottom(x).ticks(10));
  svg.append('text').attr('x', (MARGIN.left + WIDTH - MARGIN.right) / 2).attr('y', axisY + 30).attr('text-anchor', 'middle').text('time to first violation (simulated s)');
  const bins = series.map((entry) => d3.bin().domain([0, endS]).thresholds(24)([...entry.valuesS]));
  const maxCount = Math.max(1, ...bins.flat().map((bin) => bin.length));
  const y = d3.scaleLinear().domain([0, maxCount]).nice().range([axisY, MARGIN.top + 10]);
  svg.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(5));
  svg.append('text').attr('transform', `translate(${MARGIN.left - 40},${(axisY + MARGIN.top) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text('seeds');
  const palette = ['#d50000', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a'];
  bins.forEach((entryBins, index) => {
    for (const bin of entryBins) {
      if (bin.length === 0) continue;
      svg.append('rect').attr('x', x(bin.x0 ?? 0) + index * 2).attr('width', Math.max(1, x(bin.x1 ?? 0) - x(bin.x0 ?? 0) - 2)).attr('y', y(bin.length)).attr('height', axisY - y(bin.length))
        .attr('fill', palette[index % palette.length]).attr('opacity', 0.6);
    }
  });
  legend(svg, series.map((entry, index) => [entry.label, palette[index % palette.length]]));
  return d3n.svgString();
}

function legend(svg: ReturnType<InstanceType<D3NodeConstructor>['createSVG']>, entries: readonly (readonly [string, string])[]): void {
  entries.forEach(([label, colour], index) => {
    const y = MARGIN.top + index * 15;
    svg.append('rect').attr('x', WIDTH - MARGIN.right + 64).attr('y', y).attr('width', 10).attr('height', 10).attr('fill', colour);
    svg.append('text').attr('x', WIDTH - MARGIN.right + 78).attr('y', y + 9).text(label);
  });
}
