// The drain a vary-off waits on counts what a completion issues in turn (I.continuationFirst): the caller's
// continuation runs before the drained callbacks, so a request it issues is waited for too.

import { describe, expect, it } from 'vitest';
import { ManualWorld, MemoryBlockDevice } from '../testing/manual-io.js';
import { InFlightDevice } from './in-flight-device.js';

describe('InFlightDevice drains after the follow-up a completion issues', () => {
  it('a write issued from the last completion keeps the vary-off waiting until it lands', () => {
    const world = new ManualWorld();
    const copy = new MemoryBlockDevice(world, 'copy', 8);
    const device = new InFlightDevice(copy);
    // As a create does: its directory entry is written once its header write completed.
    device.write(0, 1, () => device.write(4, 2, () => {}));
    let drainedWith: number | undefined;
    device.whenDrained(() => (drainedWith = copy.pages.get(4)));
    world.settle();
    expect(drainedWith).toBe(2);
  });
});
