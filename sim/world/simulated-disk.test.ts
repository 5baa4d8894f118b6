// The simulated disk: one request in service at a time in FIFO order (even when a completion callback
// issues the next request), sparse memory, latent errors cleared by a rewrite, crash semantics.

import { describe, expect, it } from 'vitest';
import { Kernel } from '../kernel/kernel.js';
import { type DiskWatcher, SimulatedDisk } from './simulated-disk.js';

const quietWatcher: DiskWatcher = { pageWritten: () => {}, pageRead: () => {}, rangeWritten: () => {} };

function diskOf(pageCount: number): { kernel: Kernel; disk: SimulatedDisk } {
  const kernel = new Kernel({ seed: 'disk-test' });
  const disk = new SimulatedDisk('d', pageCount, kernel, { model: 'fixed', timeUs: 100 }, kernel.random.stream('disk'), quietWatcher);
  return { kernel, disk };
}

describe('SimulatedDisk', () => {
  it('serves one request at a time in FIFO order, also for requests issued from a completion callback', () => {
    const { kernel, disk } = diskOf(100);
    const completions: [string, number][] = [];
    disk.write(1, 11, () => {
      completions.push(['a', kernel.nowUs]);
      disk.write(1, 33, () => completions.push(['c', kernel.nowUs]));
    });
    disk.write(1, 22, () => completions.push(['b', kernel.nowUs]));
    kernel.run();
    expect(completions).toEqual([['a', 100], ['b', 200], ['c', 300]]);
    expect(disk.peek(1)).toBe(33);
  });

  it('keeps memory to the pages written on a 1 TiB disk (268 million pages)', () => {
    const { kernel, disk } = diskOf(2 ** 28);
    const before = process.memoryUsage().heapUsed;
    for (let page = 0; page < 1000; page += 1) disk.write(page * 268_435, page + 1, () => {});
    let content: readonly (readonly [number, number])[] = [];
    disk.readRange(0, 2 ** 27, (result) => {
      if (result.ok) content = result.content;
    });
    kernel.run();
    expect(disk.writtenPageCount).toBe(1000);
    expect(content.length).toBe(Math.ceil(2 ** 27 / 268_435));
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(256 * 2 ** 20);
  });

  it('fails reads of a page with a latent error until the page is rewritten', () => {
    const { kernel, disk } = diskOf(10);
    disk.latentErrors.add(3);
    const results: boolean[] = [];
    disk.read(3, (result) => results.push(result.ok));
    disk.write(3, 7, () => {});
    disk.read(3, (result) => results.push(result.ok));
    kernel.run();
    expect(results).toEqual([false, true]);
  });

  it('on a crash drops the queue without completing it; each write in flight lands or not', () => {
    const { kernel, disk } = diskOf(100);
    let completed = 0;
    for (let page = 0; page < 40; page += 1) disk.write(page, page + 1, () => (completed += 1));
    kernel.run({ untilUs: 250 });
    disk.crash();
    kernel.run();
    expect(completed).toBe(2);
    const landed = disk.writtenPageCount - 2;
    expect(landed).toBeGreaterThan(0);
    expect(landed).toBeLessThan(38);
  });
});
