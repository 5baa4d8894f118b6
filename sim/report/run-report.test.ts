// Reports: the same run gives byte-identical files; every chart is a well-formed SVG that renders to a
// non-blank PNG (resvg stands in for a browser, which CI does not have); foreign marks link to their chains.

import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { loadD3Node, renderRunReport } from './run-report.js';

async function reportOf(seed: string) {
  const scenario = loadScenario('default');
  const runs = (scenario.compare ?? []).map((entry) => ({ label: entry.label, expect: entry.expect, result: runScenario(scenario, { seed, variant: entry.variant }), reproduce: `npx mirrorsim run default --seed ${seed}` }));
  return renderRunReport(await loadD3Node(), scenario, runs);
}

describe('run report', () => {
  it('is byte-identical for the same run, and holds no wall-clock figure', async () => {
    const first = await reportOf('3');
    const second = await reportOf('3');
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
});
