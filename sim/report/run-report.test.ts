// Reports: the same run gives byte-identical files; every chart is a well-formed SVG that renders to a
// non-blank PNG (resvg stands in for a browser, which CI does not have); foreign marks link to their chains.

import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { formatMs, progressChart, resolutionsChart } from './charts.js';
import { loadD3Node, renderRunReport } from './run-report.js';

async function reportOf(seed: string) {
  return (await reportAndRuns(seed)).files;
}

const rendered = new Map<string, ReturnType<typeof render>>();
/** Each seed's report rendered once for the tests that read it (the byte-identity test renders its own twice). */
async function reportAndRuns(seed: string, fresh = false) {
  if (fresh) return render(seed);
  if (!rendered.has(seed)) rendered.set(seed, render(seed));
  return rendered.get(seed)!;
}

async function render(seed: string) {
  const scenario = loadScenario('default');
  const runs = (scenario.compare ?? []).map((entry) => ({ label: entry.label, expect: entry.expect, result: runScenario(scenario, { seed, variant: entry.variant }), reproduce: `npx mirrorsim run default --seed ${seed}` }));
  return { files: renderRunReport(await loadD3Node(), scenario, runs), runs };
}

describe('run report', () => {
  it('is byte-identical for the same run, and holds no wall-clock figure', async () => {
    const first = (await reportAndRuns('3', true)).files;
    const second = (await reportAndRuns('3', true)).files;
    expect(Object.keys(first).sort()).toEqual(['index.html', 'summary.json', 'summary.md']);
    for (const name of Object.keys(first)) expect(second[name], name).toBe(first[name]);
    expect(first['summary.json']).not.toMatch(/wallMs|eventsPerWallS/);
    expect(first['index.html']).not.toMatch(/wall time|wallMs/);
  });

  it('renders every chart to a non-blank PNG, titles the verdicts and links each foreign mark to a causal chain', async () => {
    const html = (await reportOf('1'))['index.html'];
    expect(html).toMatch(/<title>default — the problem: FAIL \(\d+ foreignResolution\) · the fix: PASS<\/title>/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((match) => match[0]);
    expect(svgs.length).toBe(8);
    for (const svg of svgs) {
      const image = new Resvg(svg, { background: 'white' }).render();
      expect(image.width).toBeGreaterThan(500);
      const pixels = image.pixels;
      let coloured = 0;
      for (let index = 0; index < pixels.length; index += 4) if (pixels[index] < 200 || pixels[index + 1] < 200 || pixels[index + 2] < 200) coloured += 1;
      expect(coloured).toBeGreaterThan(2000);
    }
    const link = /<a href="#(violation-0-\d+)">/.exec(html);
    expect(link).not.toBeNull();
    expect(html).toContain(`id="${link![1]}"`);
    expect(html).toMatch(/simulated time \(s\)/);
    expect(html).toMatch(/resolutions per second/);
  });

  it('puts the verdict and the comparison first, with hooks for a browser test, and groups identical chains', async () => {
    const { files, runs } = await reportAndRuns('1');
    const html = files['index.html'];
    const verdictAt = html.indexOf('<section id="verdict" class="as-expected">');
    const compareAt = html.indexOf('<table class="compare">');
    const firstChartAt = html.indexOf('<figure data-chart="resolution" data-variant="addressing=shared-range+');
    const secondChartAt = html.indexOf('<figure data-chart="resolution" data-variant="addressing=system-unique+');
    expect(verdictAt).toBeGreaterThan(0);
    expect(compareAt).toBeGreaterThan(verdictAt);
    expect(firstChartAt).toBeGreaterThan(compareAt);
    expect(secondChartAt).toBeGreaterThan(firstChartAt);
    // Both variants' resolution charts come before any other chart: the first row of the grid.
    expect(html.indexOf('<figure data-chart="timeline"')).toBeGreaterThan(secondChartAt);
    expect(html).toContain('AS EXPECTED: every variant gave its expected verdict');
    const problem = runs[0].result;
    expect(problem.counts.violations).toBeGreaterThan(50);
    // One chain written out, then how many more and which: every violation keeps its own anchor.
    expect([...html.matchAll(/<pre>foreignResolution at /g)].length).toBe(1);
    expect(html).toContain(`<h4>${problem.counts.violations} × foreignResolution</h4>`);
    expect(html).toContain(`${problem.counts.violations - 1} more with the same chain`);
    expect(html).toContain(`id="violation-0-${problem.violations.length - 1}"`);
    const summary = JSON.parse(files['summary.json']);
    expect(summary.runs[0].violationGroups).toEqual([{ invariant: 'foreignResolution', count: problem.violations.length, first: 0 }]);
    expect(summary.runs[0].durations.durationUs).toBe(120_000_000);
    expect(html).toMatch(/120s duration \+ [\d.]+m?s drain \(applications stopped\)/);
  });

  it('shows write latency from the histogram: a table, the chart levels, summary.json and .md', async () => {
    const { files, runs } = await reportAndRuns('2');
    const latency = runs[0].result.geo!.writeLatency;
    expect(latency.count).toBeGreaterThan(100);
    const html = files['index.html'];
    expect(html).toContain('<th>write latency (ms)</th>');
    expect(html).toContain(`<td>${latency.count} writes</td>`);
    expect(html).toContain(`<td>${formatMs(latency.p99Us)}</td>`);
    expect(html).toContain(`p99 ${formatMs(latency.p99Us)} ms (whole run)`);
    expect(html).toContain(`median ${formatMs(latency.p50Us)} ms (whole run)`);
    expect(JSON.parse(files['summary.json']).runs[0].writeLatency).toEqual(latency);
    expect(files['summary.md']).toContain(`| write latency p99 (ms) | ${formatMs(latency.p99Us)} |`);
  });

  it('draws wider buckets (a long run) at their width and names it', async () => {
    const D3Node = await loadD3Node();
    const hourUs = 3_600_000_000;
    const bucketUs = 64_000_000;
    const rows = Array.from({ length: 8 }, (_, index) => [index * bucketUs, 500, 0, 0, 0, 1]);
    const resolutions = resolutionsChart(D3Node, 'resolutions', rows, [], 8 * bucketUs, bucketUs);
    expect(resolutions).toContain('resolutions per 64 s');
    type Bucket = [number, number, number, number];
    const latency = Array.from({ length: 50 }, (_, index): Bucket => [index * bucketUs, 4000 + index, 9000, 100]);
    const levels = { p50Us: 3900, p99Us: 12_500 };
    const progress = progressChart(D3Node, 'progress', [[0, 0], [hourUs, 1]], latency, 50 * bucketUs, bucketUs,
      levels);
    expect(progress).toContain('mean write latency (64 s)');
    expect(progress).toContain('p99 12.50 ms (whole run)');
    expect(new Resvg(progress, { background: 'white' }).render().width).toBeGreaterThan(500);
  });
});
