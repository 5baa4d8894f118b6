// Per-page ordering: overlapping operations run one after another in arrival order, others at once.

import { describe, expect, it } from 'vitest';
import { PageOrder } from './page-order.js';

describe('PageOrder', () => {
  it('runs non-overlapping operations at once and overlapping ones in arrival order', () => {
    const order = new PageOrder();
    const started: string[] = [];
    const finishers = new Map<string, () => void>();
    const run = (name: string, firstPage: number, pageCount: number): void =>
      order.run(firstPage, pageCount, (finished) => {
        started.push(name);
        finishers.set(name, finished);
      });
    run('a', 3, 1);
    run('b', 9, 1);
    run('range', 0, 8);
    run('c', 3, 1);
    run('d', 20, 1);
    expect(started).toEqual(['a', 'b', 'd']);
    finishers.get('b')!();
    expect(started).toEqual(['a', 'b', 'd']);
    finishers.get('a')!();
    expect(started).toEqual(['a', 'b', 'd', 'range']);
    finishers.get('range')!();
    expect(started).toEqual(['a', 'b', 'd', 'range', 'c']);
    finishers.get('c')!();
    finishers.get('d')!();
    expect(order.size).toBe(0);
  });

  it('asserts that an operation finishes once', () => {
    const order = new PageOrder();
    let finish = (): void => {};
    order.run(1, 1, (finished) => {
      finish = finished;
    });
    finish();
    expect(() => finish()).toThrow(/finished twice/);
  });

  it('an operation finishing inside its start lets the next one run', () => {
    const order = new PageOrder();
    const started: number[] = [];
    let finishFirst = (): void => {};
    order.run(2, 1, (finished) => {
      started.push(1);
      finishFirst = finished;
    });
    order.run(2, 1, (finished) => {
      started.push(2);
      finished();
    });
    order.run(2, 1, (finished) => {
      started.push(3);
      finished();
    });
    finishFirst();
    expect(started).toEqual([1, 2, 3]);
    expect(order.size).toBe(0);
  });
});
