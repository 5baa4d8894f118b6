// The in-flight count a vary-off waits on: drained only once every request issued through it completed,
// including requests issued from another's completion.

import { describe, expect, it } from 'vitest';
import { ManualWorld, MemoryBlockDevice } from '../testing/manual-io.js';
import { InFlightDevice } from './in-flight-device.js';

describe('InFlightDevice', () => {
  it('calls whenDrained at once when idle, and otherwise only after the last completion', () => {
    const world = new ManualWorld();
    const device = new InFlightDevice(new MemoryBlockDevice(world, 'copy', 8));
    let drained = 0;
    device.whenDrained(() => (drained += 1));
    expect(drained).toBe(1);
    device.write(1, 5, () => device.write(2, 6, () => {}));
    device.read(3, () => {});
    device.whenDrained(() => (drained += 1));
    expect(device.inFlight).toBe(2);
    world.step();
    world.step();
    expect(drained).toBe(1);
    expect(device.inFlight).toBe(1);
    world.settle();
    expect(drained).toBe(2);
    expect(device.inFlight).toBe(0);
  });
});
