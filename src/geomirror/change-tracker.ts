// Change tracking for a suspended or detached mirror: the set of pages written since, in a bounded tracking
// space. When the space overflows, the set is no longer trusted and only a full synchronisation will do.

import { assert, assertSafeCount } from '../assert.js';

export class ChangeTracker {
  private readonly pages = new Set<number>();
  private overflowed = false;
  private skipped = 0;

  constructor(
    /** Most pages the tracking space can hold. */
    readonly pageLimit: number,
    /** Flawed variant: forget every fourth page recorded. */
    private readonly lossy = false,
  ) {
    assertSafeCount(pageLimit, 'tracking page limit');
  }

  record(pageIndex: number): void {
    assertSafeCount(pageIndex, 'tracked page');
    if (this.overflowed || this.pages.has(pageIndex)) return;
    if (this.lossy && (this.skipped += 1) % 4 === 0) return;
    if (this.pages.size >= this.pageLimit) {
      this.overflowed = true;
      this.pages.clear();
      return;
    }
    this.pages.add(pageIndex);
    assert(this.pages.size <= this.pageLimit, 'tracking space holds more than its limit', this.pages.size);
  }

  /** Marks the tracking as unusable (after a crash lost it, or when tracking was off). */
  invalidate(): void {
    this.overflowed = true;
    this.pages.clear();
  }

  get usable(): boolean {
    return !this.overflowed;
  }

  /** The tracked pages in ascending order (only meaningful while usable). */
  sortedPages(): number[] {
    assert(!this.overflowed, 'the pages of an overflowed tracker were asked for');
    return [...this.pages].sort((a, b) => a - b);
  }
}
