// Coverage probes (FoundationDB's CODE_PROBE): named counters that show which rare paths a run reached.

export class Probes {
  private readonly counts = new Map<string, number>();

  constructor(declared: readonly string[] = []) {
    for (const name of declared) this.counts.set(name, 0);
  }

  /** Declares a probe so that a run which never reaches it still lists it, at zero. */
  declare(name: string): void {
    if (!this.counts.has(name)) this.counts.set(name, 0);
  }

  hit(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** Counts keyed by name, in name order (never insertion order). */
  snapshot(): Record<string, number> {
    const names = [...this.counts.keys()].sort();
    const result: Record<string, number> = {};
    for (const name of names) result[name] = this.counts.get(name) ?? 0;
    return result;
  }

  /** Declared probes that never fired, in name order. */
  unreached(): string[] {
    return [...this.counts.entries()].filter(([, count]) => count === 0).map(([name]) => name).sort();
  }
}
