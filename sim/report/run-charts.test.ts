// The run charts' fixes, each on a small made-up input: a refused detach is marked apart with its reason, fault
// shading and the drain have legend entries, action labels keep clear of the title, the latency line breaks
// where no write was made, a range lane's name keeps clear of its first dot, failed and downLevel differ.

import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import type { ScheduledAction } from '../faults/action-kind.js';
import { STATE_COLOURS } from './chart-kit.js';
import { progressChart, rangesChart, timelineChart } from './run-charts.js';
import { loadD3Node } from './run-report.js';
import { groupViolations } from './violation-groups.js';

const at = (seconds: number, action: string, params: Record<string, unknown> = {}): ScheduledAction =>
  ({ atUs: seconds * 1e6, action, origin: 'schedule', params }) as ScheduledAction;
const timeline = [
  { timeUs: 0, subject: 'mirroring', state: 'active' }, { timeUs: 10e6, subject: 'mirroring', state: 'detached' },
];

describe('run charts', () => {
  it('marks a refused detach apart, with its reason, and keys faults, refusals and the drain', async () => {
    const D3Node = await loadD3Node();
    const schedule = [at(10, 'detach'), at(20, 'detach'), at(30, 'linkPartition', { for: 5e6 })];
    const refusals = [{ timeUs: 20e6, action: 'detach', reason: 'mirroring is detached', request: { atUs: 20e6, action: 'detach' } }];
    const phases = [
      { name: 'run' as const, fromUs: 0, toUs: 40e6, what: 'faults and workload' },
      { name: 'drain' as const, fromUs: 40e6, toUs: 43e6, what: 'applications stopped' },
    ];
    const svg = timelineChart(D3Node, 'timeline', timeline, schedule, 43e6, { refusals, phases, durationUs: 40e6 });
    expect([...svg.matchAll(/>detach<title>/g)].length).toBe(1);
    expect(svg).toContain('>detach ×<title>detach asked at 20 s, refused at 20 s: mirroring is detached</title>');
    expect(svg).toContain('refused requests');
    expect(svg).toContain('20 s: detach refused: mirroring is detached');
    for (const key of ['fault in effect (shaded)', 'refused request (×)', 'drain: applications stopped']) expect(svg).toContain(`>${key}<`);
    expect(svg).toContain('>duration<');
    // The title's baseline is at 18 (13 px); every action label sits at 36 or below.
    const labelYs = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" font-size="9px"/g)].map((match) => Number(match[1]));
    expect(labelYs.length).toBe(3);
    for (const y of labelYs) expect(y).toBeGreaterThanOrEqual(36);
    expect(new Resvg(svg, { background: 'white' }).render().width).toBe(1020);
  });

  it('breaks the latency line where a bucket has no writes (a crash, a vary-off)', async () => {
    const D3Node = await loadD3Node();
    const buckets: [number, number, number, number][] = [[0, 2000, 3000, 5], [1e6, 2100, 3000, 5], [5e6, 2200, 3000, 5], [6e6, 2300, 3000, 5]];
    const svg = progressChart(D3Node, 'progress', [[0, 1]], buckets, 7e6, 1e6, undefined, { width: 680 });
    const latencyPath = /<path d="([^"]+)" fill="none" stroke="#e65100"/.exec(svg)![1];
    expect(latencyPath.match(/M/g)!.length).toBe(2);
    expect(svg).toContain('viewBox="0 0 680 ');
  });

  it('keeps a range lane name clear of a dot at time 0', async () => {
    const D3Node = await loadD3Node();
    const svg = rangesChart(D3Node, 'ranges', [{ timeUs: 0, copy: 'A.iasp-copy1', range: 1, reason: 'first' }], 10e6);
    const nameEndX = Number(/<text x="([\d.]+)" y="[\d.]+" text-anchor="end">A\.iasp-copy1/.exec(svg)![1]);
    const dotX = Number(/<circle cx="([\d.]+)"/.exec(svg)![1]);
    expect(dotX - 5 - nameEndX).toBeGreaterThanOrEqual(6);
  });

  it('draws failed and downLevel in different hues', () => {
    const hue = (hex: string): number => {
      const [r, g, b] = [1, 3, 5].map((index) => parseInt(hex.slice(index, index + 2), 16) / 255);
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      const raw = max === r ? (g - b) / (max - min) : max === g ? 2 + (b - r) / (max - min) : 4 + (r - g) / (max - min);
      return ((raw * 60) + 360) % 360;
    };
    const apart = Math.abs(hue(STATE_COLOURS.failed) - hue(STATE_COLOURS.downLevel));
    expect(Math.min(apart, 360 - apart)).toBeGreaterThan(20);
  });

  it('groups chains that differ only in numbers and times, and parts those that differ in a copy', () => {
    const violation = (time: number, object: number, copy: string) => ({
      invariant: 'foreignResolution', timeUs: time, eventNumber: time, message: `pointer #0 resolved to object #${object}`,
      chain: [`stored at ${time}us on copy ${copy} at address ${object * 3}`],
    });
    const groups = groupViolations([violation(5, 1, 'B.iasp-copy1'), violation(9, 2, 'B.iasp-copy1'), violation(11, 3, 'B.iasp-copy2')]);
    expect(groups.map((group) => group.members.map((member) => member.index))).toEqual([[0, 1], [2]]);
  });
});
