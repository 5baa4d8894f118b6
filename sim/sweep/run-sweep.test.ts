// runSweep stops every worker when a row cannot be kept or the sweep is aborted, and reports that error;
// otherwise it returns every row in the canonical order whatever the worker count.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { runSweep } from './run-sweep.js';
import { resultsText } from './results-file.js';
import type { SweepRow } from './sweep-row.js';

const scenario = loadScenario('smoke');
const seeds = ['3', '1', '2', '5', '4'];
const base = { scenarioPath: scenario.source, seeds, variants: [{}], labels: ['as written'], existing: [] };

describe('runSweep', () => {
  it('returns the rows in canonical order, the same bytes for 1 and 3 workers', async () => {
    const one = await runSweep({ ...base, workers: 1 });
    const three = await runSweep({ ...base, workers: 3 });
    expect(one.map((row) => row.seed)).toEqual(base.seeds);
    expect(resultsText(three)).toBe(resultsText(one));
  }, 60_000);

  it.each([
    ['a row that cannot be kept', (controller: AbortController, error: Error) => () => {
      throw error;
    }],
    ['an abort', (controller: AbortController, error: Error) => () => controller.abort(error)],
  ])('stops at %s: rejects with its error, keeps no later row', async (_label, make) => {
    const controller = new AbortController();
    const error = new Error('stop here');
    const rows: SweepRow[] = [];
    const stopWith = make(controller, error);
    const outcome = runSweep({ ...base, workers: 2, signal: controller.signal, onRow: (row) => {
      rows.push(row);
      stopWith();
    } });
    await expect(outcome).rejects.toBe(error);
    expect(rows).toHaveLength(1);
  }, 60_000);

  it('runs nothing already done, and rejects at once if aborted before it starts', async () => {
    const done = await runSweep({ ...base, workers: 1 });
    const again = await runSweep({ ...base, workers: 1, existing: done, onRow: () => expect.unreachable() });
    expect(resultsText(again)).toBe(resultsText(done));
    const controller = new AbortController();
    controller.abort(new Error('before'));
    await expect(runSweep({ ...base, workers: 1, signal: controller.signal })).rejects.toThrow('before');
  }, 60_000);
});
