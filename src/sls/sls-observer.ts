// What the single-level store tells the world about itself: for the oracle's causal chains and the result's
// timeline. The logic never learns anything back through it.

export type RangeReason = 'initial' | 'kept' | 'iaspCounter' | 'systemCounter' | 'assignedAtDetach' | 'rangeFull';

export interface SlsObserver {
  rangeInUse(event: { readonly system: string; readonly copy: string; readonly range: number; readonly reason: RangeReason }): void;
  pointersInvalidated(event: { readonly system: string; readonly epoch: number }): void;
}
