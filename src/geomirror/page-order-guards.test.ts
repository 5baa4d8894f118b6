// Per-page ordering's one subtle rule, with its mutation (PO.waitingOrder): an operation never overtakes an
// earlier one still waiting on its pages, even where nothing is running on them yet.

import { describe, expect, it } from 'vitest';
import { PageOrder } from './page-order.js';

describe('PageOrder keeps arrival order among waiting operations', () => {
  it('a write to a free page waits behind an earlier range still waiting for another page', () => {
    const order = new PageOrder();
    const started: string[] = [];
    const finishers = new Map<string, () => void>();
    const run = (name: string, firstPage: number, pageCount: number): void =>
      order.run(firstPage, pageCount, (finished) => {
        started.push(name);
        finishers.set(name, finished);
      });
    run('write page 3', 3, 1);
    run('range 0..8', 0, 8); // waits for page 3
    run('write page 5', 5, 1); // page 5 is free, but the older range covers it: run first, it would land under it
    expect(started).toEqual(['write page 3']);
    finishers.get('write page 3')!();
    expect(started).toEqual(['write page 3', 'range 0..8']);
    finishers.get('range 0..8')!();
    expect(started).toEqual(['write page 3', 'range 0..8', 'write page 5']);
  });
});
