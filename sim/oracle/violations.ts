// The oracle's verdicts: each broken invariant with when it broke, at which event, and why in plain words.

import type { Kernel } from '../kernel/kernel.js';
import { formatShortUs } from '../kernel/time.js';

export interface Violation {
  /** Stable name of the invariant, e.g. `acknowledgedWriteLost`, `foreignResolution`, `assertion`. */
  readonly invariant: string;
  readonly timeUs: number;
  readonly eventNumber: number;
  readonly message: string;
  /** The causal chain, oldest cause first, each step in plain words. */
  readonly chain: readonly string[];
}

/** Keeps every violation (up to a bound, counting the rest) and folds each into the outcome fingerprint. */
export class ViolationLog {
  readonly violations: Violation[] = [];
  /** Violations past the bound, counted by invariant but not kept. */
  readonly overflow: Record<string, number> = {};

  constructor(
    private readonly kernel: Kernel,
    private readonly keepAtMost = 1000,
  ) {}

  get count(): number {
    return this.violations.length + Object.values(this.overflow).reduce((sum, count) => sum + count, 0);
  }

  report(invariant: string, message: string, chain: readonly string[] = []): void {
    const kernel = this.kernel;
    kernel.outcome(kernel.kind(`violation.${invariant}`));
    kernel.record('violation', { invariant, message, chain });
    if (this.violations.length >= this.keepAtMost) {
      this.overflow[invariant] = (this.overflow[invariant] ?? 0) + 1;
      return;
    }
    this.violations.push({ invariant, timeUs: kernel.nowUs, eventNumber: kernel.eventCount, message, chain });
  }
}

export function describeViolation(violation: Violation): string {
  const head = `${violation.invariant} at ${formatShortUs(violation.timeUs)} (event ${violation.eventNumber}): ${violation.message}`;
  return violation.chain.length === 0 ? head : `${head}\n${violation.chain.map((step) => `    -> ${step}`).join('\n')}`;
}
