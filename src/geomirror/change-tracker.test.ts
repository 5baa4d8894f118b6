// The change tracker: bounded, exact until it overflows, unusable after; the lossy variant is seen to lose.

import { describe, expect, it } from 'vitest';
import { LogicAssertionError } from '../assert.js';
import { ChangeTracker } from './change-tracker.js';

describe('ChangeTracker', () => {
  it('returns every page recorded, once each, ascending', () => {
    const tracker = new ChangeTracker(10);
    for (const page of [9, 3, 3, 0, 7, 9]) tracker.record(page);
    expect(tracker.usable).toBe(true);
    expect(tracker.sortedPages()).toEqual([0, 3, 7, 9]);
  });

  it('holds exactly its limit, and overflows (unusable, emptied) on the next distinct page', () => {
    const tracker = new ChangeTracker(3);
    for (const page of [1, 2, 3, 3, 2]) tracker.record(page);
    expect(tracker.usable).toBe(true);
    tracker.record(4);
    expect(tracker.usable).toBe(false);
    tracker.record(5);
    expect(tracker.usable).toBe(false);
    expect(() => tracker.sortedPages()).toThrow(LogicAssertionError);
  });

  it('is unusable after invalidate (a crash lost it, or tracking was off)', () => {
    const tracker = new ChangeTracker(100);
    tracker.record(1);
    tracker.invalidate();
    expect(tracker.usable).toBe(false);
  });

  it('flawed variant: the lossy tracker misses pages yet claims to be usable (trackingMissedPage)', () => {
    const exact = new ChangeTracker(100);
    const lossy = new ChangeTracker(100, true);
    for (let page = 0; page < 8; page += 1) {
      exact.record(page);
      lossy.record(page);
    }
    expect(exact.sortedPages()).toHaveLength(8);
    expect(lossy.usable).toBe(true);
    expect(lossy.sortedPages()).toHaveLength(6);
    expect(lossy.sortedPages()).not.toContain(3);
  });

  it('asserts a page index that is negative or not an integer', () => {
    const tracker = new ChangeTracker(4);
    expect(() => tracker.record(-1)).toThrow(LogicAssertionError);
    expect(() => tracker.record(0.5)).toThrow(LogicAssertionError);
  });
});
