// The per-region gate of online recovery: while a region is being copied, new writes to it wait, and the
// copy itself waits for writes already in flight to that region to finish first.

import { assert, assertIndex } from '../assert.js';

/** Bound on writes held at a closed gate (the application's concurrency is far below it). */
export const MAX_WAITING_WRITES = 1 << 20;

export class RegionGate {
  private firstPage = 0;
  private endPage = 0;
  private closed = false;
  private waitingWrites: (() => void)[] = [];
  private readonly inFlightByPage = new Map<number, number>();
  private onDrained: (() => void) | undefined;

  /** Runs `start` now, or when the gate over its page opens. */
  admitWrite(pageIndex: number, start: () => void): void {
    assertIndex(pageIndex, Number.MAX_SAFE_INTEGER, 'page admitted at the gate');
    if (this.closed && pageIndex >= this.firstPage && pageIndex < this.endPage) {
      assert(this.waitingWrites.length < MAX_WAITING_WRITES, 'too many writes waiting at the gate');
      this.waitingWrites.push(start);
    } else start();
  }

  writeStarted(pageIndex: number): void {
    // A write starts only where the gate let it: never inside a closed region.
    assert(!this.covers(pageIndex), 'a write started inside the closed region', pageIndex);
    this.inFlightByPage.set(pageIndex, (this.inFlightByPage.get(pageIndex) ?? 0) + 1);
  }

  writeFinished(pageIndex: number): void {
    const started = this.inFlightByPage.get(pageIndex);
    assert(started !== undefined, 'a write finished that never started', pageIndex);
    const count = started - 1;
    if (count === 0) this.inFlightByPage.delete(pageIndex);
    else this.inFlightByPage.set(pageIndex, count);
    if (this.onDrained !== undefined && !this.hasInFlight()) {
      const drained = this.onDrained;
      this.onDrained = undefined;
      drained();
    }
  }

  /** Closes the gate over [firstPage, endPage) and calls `ready` once no write to it is in flight. */
  close(firstPage: number, endPage: number, ready: () => void): void {
    assertIndex(firstPage, endPage, 'first page of a closed region');
    assert(Number.isSafeInteger(endPage), 'end of a closed region is an integer', endPage);
    this.firstPage = firstPage;
    this.endPage = endPage;
    this.closed = true;
    if (this.hasInFlight()) this.onDrained = ready;
    else ready();
  }

  /** Opens the gate and starts the writes that waited, in arrival order. */
  open(): void {
    this.closed = false;
    const waiting = this.waitingWrites;
    this.waitingWrites = [];
    for (const start of waiting) start();
  }

  covers(pageIndex: number): boolean {
    return this.closed && pageIndex >= this.firstPage && pageIndex < this.endPage;
  }

  private hasInFlight(): boolean {
    if (this.inFlightByPage.size === 0) return false;
    if (this.endPage - this.firstPage < this.inFlightByPage.size) {
      for (let page = this.firstPage; page < this.endPage; page += 1) if (this.inFlightByPage.has(page)) return true;
      return false;
    }
    for (const page of this.inFlightByPage.keys()) if (page >= this.firstPage && page < this.endPage) return true;
    return false;
  }
}
