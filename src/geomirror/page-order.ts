// Per-page ordering over a block device that promises no completion order: operations whose pages overlap
// run one after another in arrival order (the next is issued only once the previous one finished); others
// run concurrently. Mirroring uses it so that an older version of a page can never land after a newer one.

import { assert, assertIndex } from '../assert.js';

/** Bound on operations waiting behind an overlapping one (the workload's concurrency is far below it). */
export const MAX_WAITING_OPERATIONS = 1 << 20;

/** `finished` must be called exactly once, when the operation's effect is in place (or it gave up). */
export type OrderedStart = (finished: () => void) => void;

interface Span {
  readonly firstPage: number;
  readonly endPage: number;
}

interface Waiting extends Span {
  readonly start: OrderedStart;
}

const overlaps = (a: Span, b: Span): boolean => a.firstPage < b.endPage && b.firstPage < a.endPage;

export class PageOrder {
  /** Pages of running single-page operations (at most one runs per page). */
  private readonly runningPages = new Set<number>();
  /** Running range operations (a synchronisation has at most a few). */
  private readonly runningRanges: Span[] = [];
  private waiting: Waiting[] = [];
  private admitting = false;
  private idleWaiters: (() => void)[] = [];
  private admitAgain = false;

  /** How many operations are running or waiting. */
  get size(): number {
    return this.runningPages.size + this.runningRanges.length + this.waiting.length;
  }

  /** Calls `done` once nothing runs or waits (at once if nothing does); callbacks run in the order asked. */
  whenIdle(done: () => void): void {
    if (this.size === 0) return done();
    assert(this.idleWaiters.length < MAX_WAITING_OPERATIONS, 'too many waiting for idle pages');
    this.idleWaiters.push(done);
  }

  /** Runs `start` now, or once every earlier operation overlapping [firstPage, firstPage + pageCount) finished. */
  run(firstPage: number, pageCount: number, start: OrderedStart): void {
    assertIndex(firstPage, Number.MAX_SAFE_INTEGER, 'first page of an ordered operation');
    assert(Number.isSafeInteger(pageCount), 'an ordered operation has a whole page count', pageCount);
    assert(pageCount >= 1, 'an ordered operation covers a page', pageCount);
    const operation: Waiting = { firstPage, endPage: firstPage + pageCount, start };
    const blocked = this.busy(operation) || this.waiting.some((other) => overlaps(other, operation));
    if (!blocked) return this.launch(operation);
    assert(this.waiting.length < MAX_WAITING_OPERATIONS, 'too many operations waiting for their pages');
    this.waiting.push(operation);
  }

  private launch(operation: Waiting): void {
    const single = operation.endPage - operation.firstPage === 1;
    const span: Span = { firstPage: operation.firstPage, endPage: operation.endPage };
    if (single) {
      assert(!this.runningPages.has(span.firstPage), 'two ordered operations run on one page', span.firstPage);
      this.runningPages.add(span.firstPage);
    } else this.runningRanges.push(span);
    let finishedOnce = false;
    operation.start(() => {
      assert(!finishedOnce, 'an ordered operation finished twice', span.firstPage);
      finishedOnce = true;
      if (single) this.runningPages.delete(span.firstPage);
      else {
        const index = this.runningRanges.indexOf(span);
        assert(index >= 0, 'a finished range operation was running', span.firstPage);
        this.runningRanges.splice(index, 1);
      }
      this.admitWaiting();
    });
  }

  /** Starts, in arrival order, every waiting operation no longer behind an overlapping one. */
  private admitWaiting(): void {
    if (this.admitting) {
      this.admitAgain = true;
      return;
    }
    this.admitting = true;
    do {
      this.admitAgain = false;
      const waiting = this.waiting;
      this.waiting = [];
      const still: Waiting[] = [];
      for (const operation of waiting) {
        if (this.busy(operation) || still.some((other) => overlaps(other, operation))) still.push(operation);
        else this.launch(operation);
      }
      // Operations queued by a start that ran in this pass arrived after every one still waiting.
      this.waiting = [...still, ...this.waiting];
    } while (this.admitAgain);
    this.admitting = false;
    if (this.size > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const done of waiters) done();
  }

  private busy(span: Span): boolean {
    if (this.runningRanges.some((running) => overlaps(running, span))) return true;
    if (this.runningPages.size === 0) return false;
    if (span.endPage - span.firstPage <= this.runningPages.size) {
      for (let page = span.firstPage; page < span.endPage; page += 1) if (this.runningPages.has(page)) return true;
      return false;
    }
    for (const page of this.runningPages) if (page >= span.firstPage && page < span.endPage) return true;
    return false;
  }
}
