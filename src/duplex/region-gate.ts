// The per-region gate of online recovery: while a region is being copied, new writes to it wait, and the
// copy itself waits for writes already in flight to that region to finish first.

export class RegionGate {
  private firstPage = 0;
  private endPage = 0;
  private closed = false;
  private waitingWrites: (() => void)[] = [];
  private readonly inFlightByPage = new Map<number, number>();
  private onDrained: (() => void) | undefined;

  /** Runs `start` now, or when the gate over its page opens. */
  admitWrite(pageIndex: number, start: () => void): void {
    if (this.closed && pageIndex >= this.firstPage && pageIndex < this.endPage) this.waitingWrites.push(start);
    else start();
  }

  writeStarted(pageIndex: number): void {
    this.inFlightByPage.set(pageIndex, (this.inFlightByPage.get(pageIndex) ?? 0) + 1);
  }

  writeFinished(pageIndex: number): void {
    const count = (this.inFlightByPage.get(pageIndex) ?? 1) - 1;
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
