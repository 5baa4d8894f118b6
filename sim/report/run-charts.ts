// A run's charts, rendered to SVG strings with d3-node: the timeline of copy, system and mirroring states
// (faults shaded, operator actions marked, refused requests marked apart with their reasons, the phases past
// `duration`), pointer resolutions per bucket stacked by class with every foreign one marked and linked,
// synchronisation (or recovery) progress with application write latency, and the address ranges each copy
// used. Each takes an optional size: full width, or a compact column for variants side by side.

import type { ScheduledAction } from '../faults/action-kind.js';
import type { RunPhase } from '../runner/run-phases.js';
import type { StateChange } from '../world/duplex-world.js';
import type { Refusal } from '../world/refusal-log.js';
import {
  type ChartSize, CLASS_COLOURS, type D3NodeConstructor, type LegendEntry, MARK_COLOURS, STATE_COLOURS,
  bucketLabel, formatMs, frame, layoutOf, legend, legendHeight, seconds, timeAxis,
} from './chart-kit.js';

const RESOLUTION_CLASSES = ['ok', 'staleDetected', 'destroyedDetected', 'falseStale', 'foreign'] as const;
/** Operator actions and faults the timeline marks with a line and a label. */
const MARKED_ACTIONS: ReadonlySet<string> = new Set(['crash', 'failover', 'switchover', 'detach', 'reattach']);

/** Actions that last a while, and how long, for shading. */
function faultIntervals(
  schedule: readonly ScheduledAction[], endUs: number,
): { startUs: number; endUs: number; label: string }[] {
  const intervals: { startUs: number; endUs: number; label: string }[] = [];
  for (const entry of schedule) {
    const forUs = entry.params.for;
    if (typeof forUs === 'number') intervals.push({ startUs: entry.atUs, endUs: Math.min(endUs, entry.atUs + forUs), label: entry.action });
  }
  return intervals;
}

/** What the timeline marks besides the states: refused requests and the run's phases. */
export interface TimelineMarks {
  readonly refusals?: readonly Refusal[];
  readonly phases?: readonly RunPhase[];
  /** The scenario's `duration`, marked when the run went past it. */
  readonly durationUs?: number;
}

/** Places labels in two rows so that none overlaps the one before it in its row. */
function labelRows(): (x: number, text: string) => number {
  const endX = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  return (x, text) => {
    const row = endX[0] + 3 <= x ? 0 : endX[1] + 3 <= x ? 1 : endX[0] <= endX[1] ? 0 : 1;
    endX[row] = x + 2 + text.length * 5;
    return row;
  };
}

/** Lanes of states over time, one per subject, with fault intervals shaded and operator actions marked. */
export function timelineChart(
  D3Node: D3NodeConstructor, title: string, timeline: readonly StateChange[], schedule: readonly ScheduledAction[],
  endUs: number, marks: TimelineMarks = {}, size?: ChartSize,
): string {
  const layout = layoutOf(size);
  const subjects = [...new Set(timeline.map((change) => change.subject))];
  const refusals = marks.refusals ?? [];
  const laneHeight = 20;
  const lanesTop = 52;
  const lanes = subjects.length + (refusals.length > 0 ? 1 : 0);
  const axisY = lanesTop + lanes * (laneHeight + 6) + 4;
  const intervals = faultIntervals(schedule, endUs);
  const phases = marks.phases ?? [];
  const states = [...new Set(timeline.map((change) => change.state))];
  const keys: LegendEntry[] = states.map((state) => [state, STATE_COLOURS[state] ?? '#bdbdbd']);
  if (intervals.length > 0) keys.push(['fault in effect (shaded)', MARK_COLOURS.fault, 0.35]);
  if (refusals.length > 0) keys.push(['refused request (×)', MARK_COLOURS.refused]);
  if (phases.some((phase) => phase.name === 'liveness')) keys.push(['liveness phase', MARK_COLOURS.liveness, 0.25]);
  if (phases.some((phase) => phase.name === 'drain')) keys.push(['drain: applications stopped', MARK_COLOURS.drain, 0.35]);
  const belowY = axisY + 42;
  const height = axisY + 44 + legendHeight(keys, layout) + (layout.legendBelow ? 0 : Math.max(0, keys.length * 15 - lanes * 26 - 30));
  const { d3n, svg } = frame(D3Node, height, title, layout);
  const x = timeAxis(d3n, svg, endUs, axisY, layout);
  const shade = (fromUs: number, toUs: number, colour: string, opacity: number, text: string): void => {
    svg.append('rect').attr('x', x(seconds(fromUs))).attr('y', lanesTop - 4)
      .attr('width', Math.max(1, x(seconds(toUs)) - x(seconds(fromUs)))).attr('height', axisY - lanesTop + 4)
      .attr('fill', colour).attr('opacity', opacity).append('title').text(text);
  };
  for (const interval of intervals) {
    shade(
      interval.startUs, interval.endUs, MARK_COLOURS.fault, 0.25,
      `${interval.label} ${seconds(interval.startUs)}–${seconds(interval.endUs)} s`,
    );
  }
  for (const phase of phases) {
    if (phase.name === 'run') continue;
    const colour = phase.name === 'drain' ? MARK_COLOURS.drain : MARK_COLOURS.liveness;
    shade(phase.fromUs, phase.toUs, colour, phase.name === 'drain' ? 0.3 : 0.15,
      `${phase.name} ${seconds(phase.fromUs)}–${seconds(phase.toUs)} s: ${phase.what}`);
  }
  const rowOf = labelRows();
  const label = (timeUs: number, text: string, colour: string, dashed: boolean, tip: string): void => {
    const at = x(seconds(timeUs));
    const row = rowOf(at, text);
    const line = svg.append('line').attr('x1', at).attr('x2', at).attr('y1', 28 + row * 11).attr('y2', axisY)
      .attr('stroke', colour);
    if (dashed) line.attr('stroke-dasharray', '3,3');
    const written = svg.append('text').attr('x', at + 2).attr('y', 36 + row * 11).attr('font-size', '9px')
      .attr('fill', colour).text(text);
    written.append('title').text(tip);
  };
  const refusedRequest = (entry: ScheduledAction): Refusal | undefined => refusals.find((refusal) =>
    refusal.request !== null && refusal.request.atUs === entry.atUs && refusal.request.action === entry.action);
  for (const entry of schedule) {
    if (!MARKED_ACTIONS.has(entry.action)) continue;
    const refusal = refusedRequest(entry);
    if (refusal === undefined) {
      label(
        entry.atUs, entry.action, entry.action === 'crash' ? '#212121' : '#757575', true,
        `${entry.action} at ${seconds(entry.atUs)} s`,
      );
    } else {
      label(entry.atUs, `${entry.action} ×`, MARK_COLOURS.refused, true,
        `${entry.action} asked at ${seconds(entry.atUs)} s, refused at ${seconds(refusal.timeUs)} s: ${refusal.reason}`);
    }
  }
  if (marks.durationUs !== undefined && endUs > marks.durationUs) {
    label(
      marks.durationUs, 'duration', MARK_COLOURS.duration, false,
      `the scenario's duration: ${seconds(marks.durationUs)} s`,
    );
  }
  for (const phase of phases) {
    if (phase.name === 'liveness') label(
      phase.fromUs, 'heal', MARK_COLOURS.liveness, false, `liveness phase: ${phase.what}`,
    );
  }
  subjects.forEach((subject, lane) => {
    const y = lanesTop + lane * (laneHeight + 6);
    svg.append('text').attr('x', layout.margin.left - 6).attr('y', y + laneHeight / 2 + 4).attr('text-anchor', 'end')
      .text(subject);
    const changes = timeline.filter((change) => change.subject === subject);
    changes.forEach((change, index) => {
      const nextUs = changes[index + 1]?.timeUs ?? endUs;
      svg.append('rect').attr('x', x(seconds(change.timeUs))).attr('y', y)
        .attr('width', Math.max(1, x(seconds(nextUs)) - x(seconds(change.timeUs)))).attr('height', laneHeight)
        .attr('fill', STATE_COLOURS[change.state] ?? '#bdbdbd').append('title')
          .text(`${subject}: ${change.state} from ${seconds(change.timeUs)} s`);
    });
  });
  if (refusals.length > 0) {
    const y = lanesTop + subjects.length * (laneHeight + 6) + laneHeight / 2;
    svg.append('text').attr('x', layout.margin.left - 6).attr('y', y + 4).attr('text-anchor', 'end')
      .text('refused requests');
    for (const refusal of refusals) {
      const at = x(seconds(refusal.timeUs));
      const cross = svg.append('path').attr('d', `M${at - 4},${y - 4} l8,8 m0,-8 l-8,8`)
        .attr('stroke', MARK_COLOURS.refused)
        .attr('stroke-width', 2);
      const asked = refusal.request === null ? ' (a retry nobody asked for)' : '';
      cross.append('title').text(`${seconds(refusal.timeUs)} s: ${refusal.action} refused: ${refusal.reason}${asked}`);
    }
  }
  legend(svg, keys, layout, belowY);
  return d3n.svgString();
}

/** Resolutions per bucket (a second, or wider in a long run), stacked by class; each foreign one marked and linked. */
export function resolutionsChart(
  D3Node: D3NodeConstructor, title: string, rows: readonly (readonly number[])[],
  foreignMarks: readonly { timeUs: number; href: string }[], endUs: number, bucketUs = 1_000_000, size?: ChartSize,
): string {
  const layout = layoutOf(size);
  const keys: LegendEntry[] = RESOLUTION_CLASSES.map((name) => [name, CLASS_COLOURS[name]]);
  const plotHeight = layout.legendBelow ? 250 : 300;
  const axisY = plotHeight - layout.margin.bottom - 10;
  const height = plotHeight + legendHeight(keys, layout);
  const { d3n, svg, d3 } = frame(D3Node, height, title, layout);
  const { top, left } = layout.margin;
  const x = timeAxis(d3n, svg, endUs, axisY, layout);
  const maxTotal = Math.max(1, ...rows.map((row) => row.slice(1).reduce((sum, count) => sum + count, 0)));
  const y = d3.scaleLinear().domain([0, maxTotal]).nice().range([axisY, top + 16]);
  svg.append('g').attr('transform', `translate(${left},0)`).call(d3.axisLeft(y).ticks(6));
  svg.append('text').attr('transform', `translate(${left - 36},${(axisY + top) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').text(`resolutions per ${bucketLabel(bucketUs)}`);
  const barWidth = Math.max(1, x(seconds(bucketUs)) - x(0) - 1);
  const widthNote = bucketUs === 1_000_000 ? '' : ` (+${bucketLabel(bucketUs)})`;
  for (const row of rows) {
    let base = 0;
    RESOLUTION_CLASSES.forEach((name, index) => {
      const count = row[index + 1];
      if (count === 0) return;
      svg.append('rect').attr('x', x(seconds(row[0]))).attr('width', barWidth).attr('y', y(base + count))
        .attr('height', y(base) - y(base + count)).attr('fill', CLASS_COLOURS[name])
        .append('title').text(`${seconds(row[0])} s${widthNote}: ${count} ${name}`);
      base += count;
    });
  }
  for (const mark of foreignMarks) {
    const link = svg.append('a').attr('href', mark.href);
    link.append('path').attr('d', `M${x(seconds(mark.timeUs))},${top + 12} l-4,-8 l8,0 z`)
      .attr('fill', CLASS_COLOURS.foreign);
    link.append('title').text(`foreign resolution at ${seconds(mark.timeUs)} s: see its causal chain`);
  }
  legend(svg, keys, layout, axisY + 42);
  return d3n.svgString();
}

/** The quantiles of a whole run's write latency drawn across the chart (from the run's histogram). */
export interface LatencyLevels {
  readonly p50Us: number;
  readonly p99Us: number;
}

type LatencyBucket = readonly [number, number, number, number];

/** The latency buckets with a null between two that are not adjacent: no writes there (a crash, a vary-off). */
function withGaps(latency: readonly LatencyBucket[], bucketUs: number): (LatencyBucket | null)[] {
  const points: (LatencyBucket | null)[] = [];
  latency.forEach((bucket, index) => {
    if (index > 0 && bucket[0] - latency[index - 1][0] > bucketUs) points.push(null);
    points.push(bucket);
  });
  return points;
}

/**
 * Progress of synchronisation (or recovery), 0–100 %, with mean application write latency per bucket on a
 * second axis (broken where a bucket had no writes), and the run's median and 99th percentile latency (from
 * its histogram) as dashed levels.
 */
export function progressChart(
  D3Node: D3NodeConstructor, title: string, progress: readonly (readonly [number, number])[],
  latency: readonly LatencyBucket[], endUs: number, bucketUs = 1_000_000,
  levels?: LatencyLevels, size?: ChartSize,
): string {
  const layout = layoutOf(size);
  const meanLabel = bucketUs === 1_000_000 ? 'mean write latency' : `mean write latency (${bucketLabel(bucketUs)})`;
  const keys: LegendEntry[] = [['copied (%)', STATE_COLOURS.synchronizing], [meanLabel, '#e65100']];
  const drawn = levels === undefined ? [] : [['median', levels.p50Us, '#8d6e63'], ['p99', levels.p99Us, '#6d4c41']] as const;
  for (const [name, valueUs, colour] of drawn) keys.push([`${name} ${formatMs(valueUs)} ms (whole run)`, colour]);
  const plotHeight = layout.legendBelow ? 240 : 280;
  const axisY = plotHeight - layout.margin.bottom - 10;
  const { d3n, svg, d3 } = frame(D3Node, plotHeight + legendHeight(keys, layout), title, layout);
  const { top, left, right } = layout.margin;
  const plotRight = layout.width - right;
  const x = timeAxis(d3n, svg, endUs, axisY, layout);
  const y = d3.scaleLinear().domain([0, 100]).range([axisY, top + 10]);
  svg.append('g').attr('transform', `translate(${left},0)`).call(d3.axisLeft(y).ticks(5));
  svg.append('text').attr('transform', `translate(${left - 36},${(axisY + top) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').text('copied (%)');
  const maxLatencyMs = Math.max(1, (levels?.p99Us ?? 0) / 1000, ...latency.map((bucket) => bucket[1] / 1000));
  const yLatency = d3.scaleLinear().domain([0, maxLatencyMs]).nice().range([axisY, top + 10]);
  svg.append('g').attr('transform', `translate(${plotRight},0)`).call(d3.axisRight(yLatency).ticks(5));
  svg.append('text')
    .attr('transform', `translate(${plotRight + (layout.legendBelow ? 40 : 44)},${(axisY + top) / 2}) rotate(90)`)
    .attr('text-anchor', 'middle').text('mean write latency (ms)');
  const progressLine = d3.line<readonly [number, number]>().x((point) => x(seconds(point[0])))
    .y((point) => y(point[1] * 100)).curve(d3.curveStepAfter);
  svg.append('path').attr('d', progressLine(progress as [number, number][]) ?? '').attr('fill', 'none')
    .attr('stroke', STATE_COLOURS.synchronizing).attr('stroke-width', 2);
  const latencyLine = d3.line<LatencyBucket | null>().defined((bucket) => bucket !== null)
    .x((bucket) => x(seconds(bucket![0] + bucketUs / 2))).y((bucket) => yLatency(bucket![1] / 1000));
  svg.append('path').attr('d', latencyLine(withGaps(latency, bucketUs)) ?? '').attr('fill', 'none')
    .attr('stroke', '#e65100').attr('stroke-width', 1.5);
  for (const [name, valueUs, colour] of drawn) {
    const level = yLatency(valueUs / 1000);
    svg.append('line').attr('x1', left).attr('x2', plotRight).attr('y1', level).attr('y2', level)
      .attr('stroke', colour).attr('stroke-dasharray', '4,3')
      .append('title').text(`${name} write latency ${formatMs(valueUs)} ms`);
  }
  legend(svg, keys, layout, axisY + 42);
  return d3n.svgString();
}

/** The address ranges each IASP copy put in use, over time. */
export function rangesChart(
  D3Node: D3NodeConstructor, title: string, ranges: readonly { timeUs: number; copy: string; range: number; reason: string }[],
  endUs: number, size?: ChartSize,
): string {
  const layout = layoutOf(size);
  const copies = [...new Set(ranges.map((entry) => entry.copy))];
  const rangeIds = [...new Set(ranges.map((entry) => entry.range))].sort((a, b) => a - b);
  const colour = (range: number): string => ['#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#e53935', '#00acc1', '#6d4c41', '#3949ab'][rangeIds.indexOf(range) % 8];
  const keys: LegendEntry[] = rangeIds.slice(0, 8).map((range) => [`range ${range}`, colour(range)]);
  const laneHeight = 26;
  const { top, left } = layout.margin;
  const axisY = top + Math.max(1, copies.length) * laneHeight + 4;
  const height = axisY + 40 + (layout.legendBelow ? legendHeight(keys, layout) : Math.max(0, keys.length * 15 - copies.length * laneHeight));
  const { d3n, svg } = frame(D3Node, height, title, layout);
  const x = timeAxis(d3n, svg, endUs, axisY, layout);
  copies.forEach((copy, lane) => {
    const y = top + lane * laneHeight;
    // Room between the lane's name and a dot at time 0 (radius 5).
    svg.append('text').attr('x', left - 12).attr('y', y + laneHeight / 2 + 4).attr('text-anchor', 'end').text(copy);
    for (const entry of ranges.filter((candidate) => candidate.copy === copy)) {
      const cx = x(seconds(entry.timeUs));
      svg.append('circle').attr('cx', cx).attr('cy', y + laneHeight / 2).attr('r', 5)
        .attr('fill', colour(entry.range)).append('title')
        .text(`range ${entry.range} (${entry.reason}) at ${seconds(entry.timeUs)} s`);
      svg.append('text').attr('x', cx + 7).attr('y', y + laneHeight / 2 + 4).text(`range ${entry.range}`);
    }
  });
  legend(svg, keys, layout, axisY + 42);
  return d3n.svgString();
}
