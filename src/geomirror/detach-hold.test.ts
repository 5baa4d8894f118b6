// DetachHold on a manual timer: held completions wait for the target's confirmation of the detach notice (or
// a later one), or for the link to have been down for the suspend timeout; a stop drops them unacknowledged.

import { describe, expect, it } from 'vitest';
import { LogicAssertionError } from '../assert.js';
import { ManualWorld } from '../testing/manual-io.js';
import { DetachHold } from './detach-hold.js';

const TIMEOUT_US = 1_000;

function hold(connected = true) {
  const world = new ManualWorld();
  const link = { connected };
  const detachHold = new DetachHold(world, TIMEOUT_US, () => link.connected);
  const completed: number[] = [];
  const add = (id: number): void => detachHold.hold(() => completed.push(id));
  return { world, link, detachHold, completed, add };
}

describe('DetachHold', () => {
  it('releases in order once the target confirms the detach notice or a later one, never an earlier one', () => {
    const setup = hold();
    setup.detachHold.start(7);
    setup.add(1);
    setup.add(2);
    setup.detachHold.seen(6);
    expect(setup.completed).toEqual([]);
    setup.detachHold.seen(8);
    expect(setup.completed).toEqual([1, 2]);
    expect(setup.detachHold.holding).toBe(false);
    expect(() => setup.add(3)).toThrow(LogicAssertionError);
  });

  it('releases once the link has been down for the suspend timeout, not if it came back meanwhile', () => {
    const setup = hold();
    setup.detachHold.start(1);
    setup.add(1);
    setup.link.connected = false;
    setup.detachHold.linkDown();
    setup.world.after(TIMEOUT_US / 2, () => {});
    setup.world.settle('fifo', () => setup.world.nowUs() >= TIMEOUT_US / 2);
    setup.link.connected = true;
    setup.detachHold.linkUp();
    setup.world.settle();
    expect(setup.completed).toEqual([]);
    setup.link.connected = false;
    setup.detachHold.linkDown();
    setup.world.settle();
    expect(setup.completed).toEqual([1]);
  });

  it('a link back before the timeout restarts the count: down again, it waits a whole timeout more', () => {
    // Mutation: DH.linkUp.cancel
    const setup = hold();
    setup.detachHold.start(1);
    setup.add(1);
    setup.link.connected = false;
    setup.detachHold.linkDown(); // at 0
    setup.world.after(TIMEOUT_US / 2, () => {
      setup.link.connected = true;
      setup.detachHold.linkUp();
    });
    setup.world.after((TIMEOUT_US * 3) / 4, () => {
      setup.link.connected = false;
      setup.detachHold.linkDown();
    });
    setup.world.settle('fifo', () => setup.completed.length > 0);
    expect(setup.world.nowUs()).toBe((TIMEOUT_US * 7) / 4);
  });

  it('started with the link down, counts the timeout from the start', () => {
    const setup = hold(false);
    setup.detachHold.start(1);
    setup.add(1);
    setup.world.settle();
    expect(setup.world.nowUs()).toBe(TIMEOUT_US);
    expect(setup.completed).toEqual([1]);
  });

  it('a stop drops what it holds: those writes are never acknowledged', () => {
    const setup = hold();
    setup.detachHold.start(1);
    setup.add(1);
    setup.detachHold.stop();
    setup.detachHold.seen(1);
    setup.world.settle();
    expect(setup.completed).toEqual([]);
  });
});
