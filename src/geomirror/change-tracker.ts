// Change tracking for a suspended or detached mirror: the set of pages written since, in a bounded tracking
// space. When the space overflows, the set is no longer trusted and only a full synchronisation will do.

export class ChangeTracker {
  private readonly pages = new Set<number>();
  private overflowed = false;
  private skipped = 0;

  constructor(
    /** Most pages the tracking space can hold. */
    readonly pageLimit: number,
    /** Flawed variant: forget every fourth page recorded. */
    private readonly lossy = false,
  ) {}

  record(pageIndex: number): void {
    if (this.overflowed || this.pages.has(pageIndex)) return;
    if (this.lossy && (this.skipped += 1) % 4 === 0) return;
    if (this.pages.size >= this.pageLimit) {
      this.overflowed = true;
      this.pages.clear();
      return;
    }
    this.pages.add(pageIndex);
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
    return [...this.pages].sort((a, b) => a - b);
  }
}
