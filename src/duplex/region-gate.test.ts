// The per-region gate: a write into a closed region waits; the copy waits for in-flight writes to drain.
// That each rule is necessary (older data over a newer write without it) is shown with real devices in
// online-recovery.test.ts, under the `ungated` policy.

import { describe, expect, it } from 'vitest';
import { LogicAssertionError } from '../assert.js';
import { RegionGate } from './region-gate.js';

describe('RegionGate', () => {
  it('admits writes at once while open, and outside a closed region', () => {
    const gate = new RegionGate();
    const started: number[] = [];
    gate.admitWrite(5, () => started.push(5));
    gate.close(10, 20, () => {});
    gate.admitWrite(9, () => started.push(9));
    gate.admitWrite(20, () => started.push(20));
    expect(started).toEqual([5, 9, 20]);
    expect(gate.covers(10)).toBe(true);
    expect(gate.covers(19)).toBe(true);
    expect(gate.covers(20)).toBe(false);
  });

  it('holds a write into the closed region until open, then starts waiting writes in arrival order', () => {
    const gate = new RegionGate();
    const started: number[] = [];
    gate.close(0, 4, () => {});
    gate.admitWrite(3, () => started.push(3));
    gate.admitWrite(1, () => started.push(1));
    expect(started).toEqual([]);
    gate.open();
    expect(started).toEqual([3, 1]);
    expect(gate.covers(1)).toBe(false);
  });

  it('calls ready only once writes in flight to the region have finished (others do not hold it)', () => {
    const gate = new RegionGate();
    gate.writeStarted(2);
    gate.writeStarted(2);
    gate.writeStarted(50);
    let ready = false;
    gate.close(0, 4, () => (ready = true));
    expect(ready).toBe(false);
    gate.writeFinished(2);
    expect(ready).toBe(false);
    gate.writeFinished(2);
    expect(ready).toBe(true);
    gate.writeFinished(50);
  });

  it('asserts a write finishing that never started, and a malformed region', () => {
    const gate = new RegionGate();
    expect(() => gate.writeFinished(7)).toThrow(LogicAssertionError);
    expect(() => gate.close(5, 5, () => {})).toThrow(LogicAssertionError);
    expect(() => gate.admitWrite(-1, () => {})).toThrow(LogicAssertionError);
  });
});
