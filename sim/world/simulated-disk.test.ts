// The simulated disk takes the freedoms its port leaves: completions out of issue order (drawn from the
// seed, starvation bounded), FIFO as a setting, a crash where each outstanding write lands or not page by
// page; and sparse memory, latent errors cleared by a rewrite, the queue bound, determinism.

import { describe, expect, it } from 'vitest';
import { Kernel } from '../kernel/kernel.js';
import { type DiskWatcher, MAX_PASSED_OVER, QUEUE_LIMIT, SimulatedDisk, differingPages } from './simulated-disk.js';
import type { DiskOrder } from './service-time.js';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { InputError } from '../errors.js';

const quietWatcher: DiskWatcher = { pageWritten: () => {}, readSent: () => {}, rangeWritten: () => {} };

function diskOf(pageCount: number, seed = 'disk-test', order?: DiskOrder, watcher = quietWatcher) {
  const kernel = new Kernel({ seed });
  const service = { model: 'fixed', timeUs: 100, ...(order === undefined ? {} : { order }) } as const;
  const disk = new SimulatedDisk('d', pageCount, kernel, service, kernel.random.stream('disk'), watcher);
  return { kernel, disk };
}

/** Issues `count` writes to distinct pages at once; returns the issue indices in completion order. */
function completionOrder(seed: string, count: number, order?: DiskOrder): number[] {
  const { kernel, disk } = diskOf(count, seed, order);
  const completed: number[] = [];
  for (let index = 0; index < count; index += 1) disk.write(index, index + 1, () => completed.push(index));
  kernel.run();
  return completed;
}

/** For each request, how many requests issued after it completed before it. */
function overtakenCounts(completed: readonly number[]): number[] {
  return completed.map((index, position) => completed.slice(0, position).filter((other) => other > index).length);
}

const isSorted = (values: readonly number[]) =>
  values.every((value, index) => index === 0 || values[index - 1] < value);
const seeds = (count: number) => Array.from({ length: count }, (_, index) => String(index + 1));

describe('SimulatedDisk: order of completions', () => {
  it('completes outstanding requests out of issue order for some seed of 1..5 (default order: any)', () => {
    const outOfOrder = seeds(5).find((seed) => !isSorted(completionOrder(seed, 8)));
    expect(outOfOrder).toBeDefined();
  });

  it('completes in issue order under order: fifo, for every seed of 1..10, also for callback-issued requests', () => {
    const issueOrder = seeds(20).map((_, index) => index);
    for (const seed of seeds(10)) expect(completionOrder(seed, 20, 'fifo'), `seed ${seed}`).toEqual(issueOrder);
    const { kernel, disk } = diskOf(100, '1', 'fifo');
    const completions: [string, number][] = [];
    disk.write(1, 11, () => {
      completions.push(['a', kernel.nowUs]);
      disk.write(1, 33, () => completions.push(['c', kernel.nowUs]));
    });
    disk.write(1, 22, () => completions.push(['b', kernel.nowUs]));
    disk.write(1, 44, () => completions.push(['d', kernel.nowUs]));
    kernel.run();
    expect(completions).toEqual([['a', 100], ['b', 200], ['d', 300], ['c', 400]]);
    expect(disk.peek(1)).toBe(33);
  });

  it('serves one request at a time: the n-th completion is at n service times, in either order', () => {
    const { kernel, disk } = diskOf(10, '3');
    const timesUs: number[] = [];
    for (let page = 0; page < 10; page += 1) disk.write(page, 1, () => timesUs.push(kernel.nowUs));
    kernel.run();
    expect(timesUs).toEqual(seeds(10).map((seed) => Number(seed) * 100));
  });

  it(`bounds starvation: no request overtaken by more than ${MAX_PASSED_OVER} later ones (200 queued at once)`, () => {
    let bindingSeen = false;
    for (const seed of seeds(5)) {
      const counts = overtakenCounts(completionOrder(seed, 200));
      expect(Math.max(...counts), `seed ${seed}`).toBeLessThanOrEqual(MAX_PASSED_OVER);
      bindingSeen ||= counts.includes(MAX_PASSED_OVER);
    }
    // The bound binds (some request reaches it), so without it a request would be overtaken further.
    expect(bindingSeen).toBe(true);
  });

  it('bounds starvation under a steady stream: every request is served, each within the bound', () => {
    const { kernel, disk } = diskOf(10, '4');
    const issued: number[] = [];
    const completed: number[] = [];
    let next = 0;
    const issue = () => {
      const index = next;
      next += 1;
      issued.push(index);
      disk.write(index % 10, index + 1, () => {
        completed.push(index);
        if (next < 2000) issue();
      });
    };
    for (let index = 0; index < 5; index += 1) issue();
    kernel.run();
    expect(completed.length).toBe(issued.length);
    expect(Math.max(...overtakenCounts(completed))).toBeLessThanOrEqual(MAX_PASSED_OVER);
    expect(isSorted(completed)).toBe(false);
  });

  it('a read overlapping an outstanding write returns either version, by seed (1..20)', () => {
    const versions = new Set<number>();
    for (const seed of seeds(20)) {
      const { kernel, disk } = diskOf(10, seed);
      disk.write(5, 1, () => {});
      kernel.run();
      disk.write(4, 9, () => {});
      disk.write(5, 2, () => {});
      disk.read(5, (result) => versions.add(result.ok ? result.token : -1));
      kernel.run();
    }
    expect([...versions].sort()).toEqual([1, 2]);
  });

  it('is deterministic: the same seed gives the same order, another seed another', () => {
    expect(completionOrder('7', 30)).toEqual(completionOrder('7', 30));
    expect(seeds(5).some((seed) => completionOrder(seed, 30).join() !== completionOrder('7', 30).join())).toBe(true);
  });

  it('draws the order from its own stream: service times are the same under fifo and any', () => {
    const timesOf = (order: DiskOrder) => {
      const kernel = new Kernel({ seed: '11' });
      const service = { model: 'uniform', minimumUs: 10, maximumUs: 1000, order } as const;
      const disk = new SimulatedDisk('d', 100, kernel, service, kernel.random.stream('disk.d'), quietWatcher);
      const timesUs: number[] = [];
      for (let page = 0; page < 50; page += 1) disk.write(page, 1, () => timesUs.push(kernel.nowUs));
      kernel.run();
      return timesUs;
    };
    expect(timesOf('any')).toEqual(timesOf('fifo'));
  });

  it(`asserts its queue bound (${QUEUE_LIMIT} requests waiting)`, () => {
    const { disk } = diskOf(10);
    for (let index = 0; index <= QUEUE_LIMIT; index += 1) disk.write(index % 10, 1, () => {});
    expect(disk.queueDepthMax).toBe(QUEUE_LIMIT);
    expect(() => disk.write(0, 1, () => {})).toThrow(/more than 65536 requests queued/);
  });
});

describe('SimulatedDisk: crash', () => {
  it('drops the queue without completing it; each write in flight lands or not', () => {
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

  it('lands a range write in flight page by page (some pages, not all), and never reports it landed whole', () => {
    let partSeen = false;
    for (const seed of seeds(5)) {
      const ranges: number[] = [];
      const watcher: DiskWatcher = { ...quietWatcher, rangeWritten: (_disk, firstPage) => ranges.push(firstPage) };
      const { kernel, disk } = diskOf(200, seed, undefined, watcher);
      disk.writeRange(0, 64, seeds(64).map((_, page) => [page, 1000 + page] as const), () => {});
      kernel.run();
      expect(ranges).toEqual([0]);
      const content = seeds(64).map((_, page) => [page, 2000 + page] as const);
      disk.writeRange(0, 64, content, () => {});
      disk.crash();
      kernel.run();
      expect(ranges).toEqual([0]);
      const newPages = seeds(64).filter((_, page) => disk.peek(page) === 2000 + page).length;
      const oldPages = seeds(64).filter((_, page) => disk.peek(page) === 1000 + page).length;
      expect(newPages + oldPages, `seed ${seed}`).toBe(64);
      partSeen ||= newPages > 0 && oldPages > 0;
    }
    expect(partSeen).toBe(true);
  });

  it('of two overlapping writes in flight that both land, either may be left (seeds 1..40)', () => {
    const left = new Set<number>();
    for (const seed of seeds(40)) {
      const { disk } = diskOf(10, seed);
      disk.write(0, 5, () => {});
      disk.write(3, 1, () => {});
      disk.write(3, 2, () => {});
      disk.crash();
      left.add(disk.peek(3));
    }
    expect([...left].sort()).toEqual([0, 1, 2]);
  });

  it('is deterministic: the same seed lands the same pages', () => {
    const landedOf = (seed: string) => {
      const { disk } = diskOf(100, seed);
      for (let page = 0; page < 50; page += 1) disk.write(page, page + 1, () => {});
      disk.crash();
      return disk.writtenPages().map(([page]) => page);
    };
    expect(landedOf('5')).toEqual(landedOf('5'));
    expect(landedOf('5')).not.toEqual(landedOf('6'));
  });
});

describe('SimulatedDisk: pages', () => {
  const dense = Array.from({ length: 300 }, (_, page): [number, number] => [page, 1]);
  // [case, first disk's pages, second disk's pages, the differing pages expected]
  const pairs: [string, [number, number][], [number, number][], [number, number, number][]][] = [
    ['both empty', [], [], []],
    ['identical', [[1, 5], [700, 9]], [[1, 5], [700, 9]], []],
    ['written on one only, either side', [[3, 1]], [[9, 2]], [[3, 1, 0], [9, 0, 2]]],
    ['different tokens, interleaved pages', [[0, 1], [2, 2], [600, 3]], [[0, 1], [1, 7], [2, 4], [599, 3]],
      [[1, 0, 7], [2, 2, 4], [599, 0, 3], [600, 3, 0]]],
    ['a dense chunk against a sparse one', dense, [[5, 1], [299, 2]],
      dense.filter(([page]) => page !== 5)
        .map(([page]): [number, number, number] => (page === 299 ? [299, 1, 2] : [page, 1, 0]))],
  ];
  for (const [name, firstPages, secondPages, expected] of pairs) {
    it(`differingPages, ${name}: each page the two hold differently, in page order`, () => {
      const first = diskOf(1024);
      const second = diskOf(1024);
      for (const [page, token] of firstPages) first.disk.write(page, token, () => {});
      for (const [page, token] of secondPages) second.disk.write(page, token, () => {});
      first.kernel.run();
      second.kernel.run();
      expect([...differingPages(first.disk, second.disk)]).toEqual(expected);
    });
  }

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
    const { kernel, disk } = diskOf(10, '1', 'fifo');
    disk.latentErrors.add(3);
    const results: boolean[] = [];
    disk.read(3, (result) => results.push(result.ok));
    disk.write(3, 7, () => {});
    disk.read(3, (result) => results.push(result.ok));
    kernel.run();
    expect(results).toEqual([false, true]);
  });
});

describe('disk settings in a scenario', () => {
  const scenarioWith = (disk: string) => `name: t\nduration: 10s\nvolume: { size: 1MiB, disk: ${disk} }\n`;

  it('takes order: fifo or any, and leaves it out when not given', () => {
    const fifo = parseScenarioText(scenarioWith('{ model: fixed, time: 1ms, order: fifo }'), 'case.yaml');
    expect(fifo.volume?.service).toEqual({ model: 'fixed', timeUs: 1000, order: 'fifo' });
    const plain = parseScenarioText(scenarioWith('{ model: fixed, time: 1ms }'), 'case.yaml');
    expect(plain.volume?.service).toEqual({ model: 'fixed', timeUs: 1000 });
  });

  it('rejects another order, naming the field, the value and what was expected', () => {
    try {
      const disk = '{ model: seekTransfer, seek: 1ms, bandwidth: 100MB/s, order: lifo }';
      parseScenarioText(scenarioWith(disk), 'case.yaml');
      expect.unreachable('expected an InputError');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const issue = (error as InputError).issues.find((candidate) => candidate.path === 'volume.disk.order');
      expect(issue, (error as Error).message).toBeDefined();
      expect(issue!.value).toBe('"lifo"');
      expect(issue!.expected).toBe('one of any, fifo');
    }
  });
});
