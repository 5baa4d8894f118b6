// What every run-report chart is drawn with: a layout (full width with the legend on the right, or a
// compact column with the legend below, for variants side by side), the frame and title, the time axis,
// the legend, and the colours. Pure: the same input gives the same SVG bytes.

import type { D3Node as D3NodeClass } from 'd3-node';

export type D3NodeConstructor = typeof D3NodeClass;
export type Svg = ReturnType<InstanceType<D3NodeConstructor>['createSVG']>;

/** How wide a chart is drawn (px of its viewBox); below 900 the legend goes under the plot. */
export interface ChartSize {
  readonly width: number;
}

export interface Layout {
  readonly width: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  readonly legendBelow: boolean;
}

export const FULL_WIDTH = 1020;
const FONT = 'font-family: system-ui, sans-serif; font-size: 11px;';
/** Legend text is measured by a fixed width per character (no font metrics without a browser). */
const LEGEND_CHAR_PX = 6.2;
const LEGEND_ROW_PX = 15;

export function layoutOf(size?: ChartSize): Layout {
  const width = size?.width ?? FULL_WIDTH;
  if (width >= 900) return { width, margin: { top: 34, right: 240, bottom: 36, left: 150 }, legendBelow: false };
  return { width, margin: { top: 34, right: 52, bottom: 36, left: 118 }, legendBelow: true };
}

export const STATE_COLOURS: Readonly<Record<string, string>> = {
  active: '#2e7d32', synchronizing: '#1565c0', suspended: '#c62828', detached: '#ef6c00',
  up: '#9e9e9e', down: '#212121', production: '#6a1b9a', variedOn: '#00897b', variedOff: '#cfd8dc', made: '#8d6e63',
  // failed (a disk lost for good) and downLevel (a copy behind, to be recovered) are told apart by hue.
  failed: '#b71c1c', replaced: '#795548', inService: '#2e7d32', recovering: '#1565c0', downLevel: '#d81b60',
};

export const CLASS_COLOURS: Readonly<Record<string, string>> = {
  ok: '#66bb6a', staleDetected: '#42a5f5', destroyedDetected: '#9575cd', falseStale: '#ffb300', foreign: '#d50000',
};

/** Fault intervals, refused requests and the phases past `duration`, as the timeline draws and keys them. */
export const MARK_COLOURS = {
  fault: '#fdd835', refused: '#d50000', drain: '#90a4ae', liveness: '#26a69a', duration: '#37474f',
} as const;

export function seconds(timeUs: number): number {
  return timeUs / 1_000_000;
}

/** A bucket width in words: `second`, or `64 s`. */
export function bucketLabel(bucketUs: number): string {
  return bucketUs === 1_000_000 ? 'second' : `${seconds(bucketUs)} s`;
}

/** Milliseconds with two decimals, locale-free. */
export function formatMs(valueUs: number): string {
  return (valueUs / 1000).toFixed(2);
}

export function frame(D3Node: D3NodeConstructor, height: number, title: string, layout: Layout) {
  const d3n = new D3Node();
  const width = layout.width;
  const svg = d3n.createSVG(
    width, height, { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, style: FONT },
  );
  const titleX = layout.legendBelow ? 8 : layout.margin.left;
  svg.append('text').attr('x', titleX).attr('y', 18).attr('font-weight', 'bold').attr('font-size', '13px').text(title);
  return { d3n, svg, d3: d3n.d3 };
}

export function timeAxis(d3n: InstanceType<D3NodeConstructor>, svg: Svg, endUs: number, y: number, layout: Layout) {
  const d3 = d3n.d3;
  const { left, right } = layout.margin;
  const x = d3.scaleLinear().domain([0, seconds(endUs)]).range([left, layout.width - right]);
  svg.append('g').attr('transform', `translate(0,${y})`).call(d3.axisBottom(x).ticks(layout.legendBelow ? 6 : 10));
  svg.append('text').attr('x', (left + layout.width - right) / 2).attr('y', y + 30).attr('text-anchor', 'middle')
    .text('simulated time (s)');
  return x;
}

/** A legend entry: label, colour, and optionally the opacity its swatch is drawn with. */
export type LegendEntry = readonly [string, string] | readonly [string, string, number];

/** Where each legend entry goes: a column on the right, or rows under the plot wrapped to the chart's width. */
function legendPlaces(entries: readonly LegendEntry[], layout: Layout): { x: number; row: number }[] {
  if (!layout.legendBelow) return entries.map((_, index) => ({ x: layout.width - layout.margin.right + 64, row: index }));
  const places: { x: number; row: number }[] = [];
  let x = layout.margin.left;
  let row = 0;
  for (const [label] of entries) {
    const widthPx = 14 + label.length * LEGEND_CHAR_PX + 14;
    if (x + widthPx > layout.width - 8 && x > layout.margin.left) {
      row += 1;
      x = layout.margin.left;
    }
    places.push({ x, row });
    x += widthPx;
  }
  return places;
}

/** Extra height a legend under the plot needs (0 for a legend on the right). */
export function legendHeight(entries: readonly LegendEntry[], layout: Layout): number {
  if (!layout.legendBelow || entries.length === 0) return 0;
  const rows = Math.max(...legendPlaces(entries, layout).map((place) => place.row)) + 1;
  return rows * LEGEND_ROW_PX + 6;
}

/** The legend; `belowY` is where the rows start when it goes under the plot (under the axis label). */
export function legend(svg: Svg, entries: readonly LegendEntry[], layout: Layout, belowY: number): void {
  const places = legendPlaces(entries, layout);
  entries.forEach(([label, colour, opacity], index) => {
    const place = places[index];
    const y = layout.legendBelow ? belowY + place.row * LEGEND_ROW_PX : layout.margin.top + place.row * LEGEND_ROW_PX;
    const swatch = svg.append('rect').attr('x', place.x).attr('y', y).attr('width', 10).attr('height', 10)
      .attr('fill', colour);
    if (opacity !== undefined) swatch.attr('opacity', opacity).attr('stroke', colour);
    svg.append('text').attr('x', place.x + 14).attr('y', y + 9).text(label);
  });
}
