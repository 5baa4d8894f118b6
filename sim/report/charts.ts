// The report's charts, rendered to SVG strings with d3-node: a timeline of copy and mirroring states with
// fault intervals shaded, pointer resolutions per second stacked by class with every foreign one marked
// and linked, synchronisation (or recovery) progress with application write latency, and the address
// ranges each copy used. Pure functions of a run's result: the same result gives the same bytes.

import type { D3Node as D3NodeClass } from 'd3-node';
import type { ScheduledAction } from '../faults/action-kind.js';
import type { StateChange } from '../world/duplex-world.js';

export type D3NodeConstructor = typeof D3NodeClass;

const WIDTH = 1020;
const MARGIN = { top: 34, right: 240, bottom: 36, left: 150 };
const FONT = 'font-family: system-ui, sans-serif; font-size: 11px;';

export const STATE_COLOURS: Readonly<Record<string, string>> = {
  active: '#2e7d32', synchronizing: '#1565c0', suspended: '#c62828', detached: '#ef6c00',
  up: '#9e9e9e', down: '#212121', production: '#6a1b9a', variedOn: '#00897b', variedOff: '#cfd8dc', made: '#8d6e63',
  failed: '#b71c1c', replaced: '#795548', inService: '#2e7d32', recovering: '#1565c0', downLevel: '#c62828',
};

export const CLASS_COLOURS: Readonly<Record<string, string>> = {
  ok: '#66bb6a', staleDetected: '#42a5f5', destroyedDetected: '#9575cd', falseStale: '#ffb300', foreign: '#d50000',
};

const RESOLUTION_CLASSES = ['ok', 'staleDetected', 'destroyedDetected', 'falseStale', 'foreign'] as const;

/** Actions that last a while, and how long, for shading. */
function faultIntervals(schedule: readonly ScheduledAction[], endUs: number): { startUs: number; endUs: number; label: string }[] {
  const intervals: { startUs: number; endUs: number; label: string }[] = [];
  for (const entry of schedule) {
    const forUs = entry.params.for;
    if (typeof forUs === 'number') intervals.push({ startUs: entry.atUs, endUs: Math.min(endUs, entry.atUs + forUs), label: entry.action });
  }
  return intervals;
}

function seconds(timeUs: number): number {
  return timeUs / 1_000_000;
}

/** A bucket width in words: `second`, or `64 s`. */
function bucketLabel(bucketUs: number): string {
  return bucketUs === 1_000_000 ? 'second' : `${seconds(bucketUs)} s`;
}

/** Milliseconds with two decimals, locale-free. */
export function formatMs(valueUs: number): string {
  return (valueUs / 1000).toFixed(2);
}

function frame(D3Node: D3NodeConstructor, height: number, title: string) {
  const d3n = new D3Node();
  const svg = d3n.createSVG(WIDTH, height, { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, style: FONT });
  svg.append('text').attr('x', MARGIN.left).attr('y', 18).attr('font-weight', 'bold').attr('font-size', '13px').text(title);
  return { d3n, svg, d3: d3n.d3 };
}

function timeAxis(d3n: InstanceType<D3NodeConstructor>, svg: ReturnType<InstanceType<D3NodeConstructor>['createSVG']>, endUs: number, y: number) {
  const d3 = d3n.d3;
  const x = d3.scaleLinear().domain([0, seconds(endUs)]).range([MARGIN.left, WIDTH - MARGIN.right]);
  svg.append('g').attr('transform', `translate(0,${y})`).call(d3.axisBottom(x).ticks(10));
  svg.append('text').attr('x', (MARGIN.left + WIDTH - MARGIN.right) / 2).attr('y', y + 30).attr('text-anchor', 'middle').text('simulated time (s)');
  return x;
}

/** Lanes of states over time, one per subject, with fault intervals shaded and crashes marked. */
export function timelineChart(D3Node: D3NodeConstructor, title: string, timeline: readonly StateChange[], schedule: readonly ScheduledAction[], endUs: number): string {
  const subjects = [...new Set(timeline.map((change) => change.subject))];
  const laneHeight = 20;
  const height = MARGIN.top + subjects.length * (laneHeight + 6) + MARGIN.bottom + 30;
  const { d3n, svg } = frame(D3Node, height, title);
  const axisY = MARGIN.top + subjects.length * (laneHeight + 6) + 4;
  const x = timeAxis(d3n, svg, endUs, axisY);
  for (const interval of faultIntervals(schedule, endUs)) {
    svg.append('rect').attr('x', x(seconds(interval.startUs))).attr('y', MARGIN.top - 4).attr('width', Math.max(1, x(seconds(interval.endUs)) - x(seconds(interval.startUs))))
      .attr('height', axisY - MARGIN.top + 4).attr('fill', '#fdd835').attr('opacity', 0.25).append('title').text(`${interval.label} ${seconds(interval.startUs)}–${seconds(interval.endUs)} s`);
  }
  for (const entry of schedule) {
    if (entry.action !== 'crash' && entry.action !== 'failover' && entry.action !== 'switchover' && entry.action !== 'detach' && entry.action !== 'reattach') continue;
    svg.append('line').attr('x1', x(seconds(entry.atUs))).attr('x2', x(seconds(entry.atUs))).attr('y1', MARGIN.top - 6).attr('y2', axisY)
      .attr('stroke', entry.action === 'crash' ? '#212121' : '#757575').attr('stroke-dasharray', '3,3');
    svg.append('text').attr('x', x(seconds(entry.atUs)) + 2).attr('y', MARGIN.top - 8).attr('font-size', '9px').text(entry.action);
  }
  subjects.forEach((subject, lane) => {
    const y = MARGIN.top + lane * (laneHeight + 6);
    svg.append('text').attr('x', MARGIN.left - 6).attr('y', y + laneHeight / 2 + 4).attr('text-anchor', 'end').text(subject);
    const changes = timeline.filter((change) => change.subject === subject);
    changes.forEach((change, index) => {
      const nextUs = changes[index + 1]?.timeUs ?? endUs;
      svg.append('rect').attr('x', x(seconds(change.timeUs))).attr('y', y).attr('width', Math.max(1, x(seconds(nextUs)) - x(seconds(change.timeUs)))).attr('height', laneHeight)
        .attr('fill', STATE_COLOURS[change.state] ?? '#bdbdbd').append('title').text(`${subject}: ${change.state} from ${seconds(change.timeUs)} s`);
    });
  });
  const states = [...new Set(timeline.map((change) => change.state))];
  legend(svg, states.map((state) => [state, STATE_COLOURS[state] ?? '#bdbdbd']));
  return d3n.svgString();
}

/** Resolutions per bucket (a second, or wider in a long run), stacked by class; each foreign one marked and linked. */
export function resolutionsChart(
  D3Node: D3NodeConstructor, title: string, rows: readonly (readonly number[])[],
  foreignMarks: readonly { timeUs: number; href: string }[], endUs: number, bucketUs = 1_000_000,
): string {
  const height = 300;
  const { d3n, svg, d3 } = frame(D3Node, height, title);
  const axisY = height - MARGIN.bottom - 10;
  const x = timeAxis(d3n, svg, endUs, axisY);
  const maxTotal = Math.max(1, ...rows.map((row) => row.slice(1).reduce((sum, count) => sum + count, 0)));
  const y = d3.scaleLinear().domain([0, maxTotal]).nice().range([axisY, MARGIN.top + 16]);
  svg.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(6));
  svg.append('text').attr('transform', `translate(${MARGIN.left - 42},${(axisY + MARGIN.top) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').text(`resolutions per ${bucketLabel(bucketUs)}`);
  const barWidth = Math.max(1, x(seconds(bucketUs)) - x(0) - 1);
  const widthNote = bucketUs === 1_000_000 ? '' : ` (+${bucketLabel(bucketUs)})`;
  for (const row of rows) {
    let base = 0;
    RESOLUTION_CLASSES.forEach((name, index) => {
      const count = row[index + 1];
      if (count === 0) return;
      svg.append('rect').attr('x', x(seconds(row[0]))).attr('width', barWidth).attr('y', y(base + count)).attr('height', y(base) - y(base + count)).attr('fill', CLASS_COLOURS[name])
        .append('title').text(`${seconds(row[0])} s${widthNote}: ${count} ${name}`);
      base += count;
    });
  }
  for (const mark of foreignMarks) {
    const link = svg.append('a').attr('href', mark.href);
    link.append('path').attr('d', `M${x(seconds(mark.timeUs))},${MARGIN.top + 12} l-4,-8 l8,0 z`).attr('fill', CLASS_COLOURS.foreign);
    link.append('title').text(`foreign resolution at ${seconds(mark.timeUs)} s: see its causal chain`);
  }
  legend(svg, RESOLUTION_CLASSES.map((name) => [name, CLASS_COLOURS[name]]));
  return d3n.svgString();
}

/** The quantiles of a whole run's write latency drawn across the chart (from the run's histogram). */
export interface LatencyLevels {
  readonly p50Us: number;
  readonly p99Us: number;
}

/**
 * Progress of synchronisation (or recovery), 0–100 %, with mean application write latency per bucket on a
 * second axis, and the run's median and 99th percentile latency (from its histogram) as dashed levels.
 */
export function progressChart(
  D3Node: D3NodeConstructor, title: string, progress: readonly (readonly [number, number])[],
  latency: readonly (readonly [number, number, number, number])[], endUs: number, bucketUs = 1_000_000,
  levels?: LatencyLevels,
): string {
  const height = 280;
  const { d3n, svg, d3 } = frame(D3Node, height, title);
  const axisY = height - MARGIN.bottom - 10;
  const x = timeAxis(d3n, svg, endUs, axisY);
  const y = d3.scaleLinear().domain([0, 100]).range([axisY, MARGIN.top + 10]);
  svg.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(5));
  svg.append('text').attr('transform', `translate(${MARGIN.left - 40},${(axisY + MARGIN.top) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text('copied (%)');
  const maxLatencyMs = Math.max(1, (levels?.p99Us ?? 0) / 1000, ...latency.map((bucket) => bucket[1] / 1000));
  const yLatency = d3.scaleLinear().domain([0, maxLatencyMs]).nice().range([axisY, MARGIN.top + 10]);
  svg.append('g').attr('transform', `translate(${WIDTH - MARGIN.right},0)`).call(d3.axisRight(yLatency).ticks(5));
  svg.append('text').attr('transform', `translate(${WIDTH - MARGIN.right + 44},${(axisY + MARGIN.top) / 2}) rotate(90)`).attr('text-anchor', 'middle').text('mean write latency (ms)');
  const progressLine = d3.line<readonly [number, number]>().x((point) => x(seconds(point[0]))).y((point) => y(point[1] * 100)).curve(d3.curveStepAfter);
  svg.append('path').attr('d', progressLine(progress as [number, number][]) ?? '').attr('fill', 'none').attr('stroke', STATE_COLOURS.synchronizing).attr('stroke-width', 2);
  const latencyLine = d3.line<readonly [number, number, number, number]>()
    .x((bucket) => x(seconds(bucket[0] + bucketUs / 2))).y((bucket) => yLatency(bucket[1] / 1000));
  svg.append('path').attr('d', latencyLine(latency as [number, number, number, number][]) ?? '').attr('fill', 'none').attr('stroke', '#e65100').attr('stroke-width', 1.5);
  const meanLabel = bucketUs === 1_000_000 ? 'mean write latency' : `mean write latency (${bucketLabel(bucketUs)})`;
  const keys: [string, string][] = [['copied (%)', STATE_COLOURS.synchronizing], [meanLabel, '#e65100']];
  if (levels !== undefined) {
    const drawn = [['median', levels.p50Us, '#8d6e63'], ['p99', levels.p99Us, '#6d4c41']] as const;
    for (const [name, valueUs, colour] of drawn) {
      const y = yLatency(valueUs / 1000);
      svg.append('line').attr('x1', MARGIN.left).attr('x2', WIDTH - MARGIN.right).attr('y1', y).attr('y2', y)
        .attr('stroke', colour).attr('stroke-dasharray', '4,3')
        .append('title').text(`${name} write latency ${formatMs(valueUs)} ms`);
      keys.push([`${name} ${formatMs(valueUs)} ms (whole run)`, colour]);
    }
  }
  legend(svg, keys);
  return d3n.svgString();
}

/** The address ranges each IASP copy put in use, over time. */
export function rangesChart(D3Node: D3NodeConstructor, title: string, ranges: readonly { timeUs: number; copy: string; range: number; reason: string }[], endUs: number): string {
  const copies = [...new Set(ranges.map((entry) => entry.copy))];
  const laneHeight = 26;
  const height = MARGIN.top + Math.max(1, copies.length) * laneHeight + MARGIN.bottom + 30;
  const { d3n, svg } = frame(D3Node, height, title);
  const axisY = MARGIN.top + Math.max(1, copies.length) * laneHeight + 4;
  const x = timeAxis(d3n, svg, endUs, axisY);
  const rangeIds = [...new Set(ranges.map((entry) => entry.range))].sort((a, b) => a - b);
  const colour = (range: number): string => ['#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#e53935', '#00acc1', '#6d4c41', '#3949ab'][rangeIds.indexOf(range) % 8];
  copies.forEach((copy, lane) => {
    const y = MARGIN.top + lane * laneHeight;
    svg.append('text').attr('x', MARGIN.left - 6).attr('y', y + laneHeight / 2 + 4).attr('text-anchor', 'end').text(copy);
    for (const entry of ranges.filter((candidate) => candidate.copy === copy)) {
      const cx = x(seconds(entry.timeUs));
      svg.append('circle').attr('cx', cx).attr('cy', y + laneHeight / 2).attr('r', 5).attr('fill', colour(entry.range)).append('title').text(`range ${entry.range} (${entry.reason}) at ${seconds(entry.timeUs)} s`);
      svg.append('text').attr('x', cx + 7).attr('y', y + laneHeight / 2 + 4).text(`range ${entry.range}`);
    }
  });
  legend(svg, rangeIds.slice(0, 8).map((range) => [`range ${range}`, colour(range)]));
  return d3n.svgString();
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
