// The persisted state page: at most one write outstanding, the newest value lands last whatever order the
// device completes in, transient errors are retried, and every waiter hears once.

import { describe, expect, it } from 'vitest';
import { ManualWorld, MemoryBlockDevice } from '../testing/manual-io.js';
import { STATE_PAGE_WRITE_ATTEMPTS, StatePage } from './state-page.js';

function page() {
  const world = new ManualWorld();
  const sysasp = new MemoryBlockDevice(world, 'sysasp', 8);
  return { world, sysasp, state: new StatePage(sysasp, 3, world) };
}

describe('a persisted state page', () => {
  it('keeps one write outstanding, so the newest value lands last even completing newest-first', () => {
    const { world, sysasp, state } = page();
    state.set(1);
    state.set(2);
    state.set(3);
    expect(world.pending.length).toBe(1);
    world.settle('lifo');
    expect(sysasp.pages.get(3)).toBe(3);
    expect(state.value).toBe(3);
  });

  it('tells a waiter once its value or a newer one landed', () => {
    const { world, state } = page();
    const heard: string[] = [];
    state.set(1, (landed) => heard.push(`1:${landed}`));
    state.set(2, (landed) => heard.push(`2:${landed}`));
    world.settle();
    expect(heard).toEqual(['1:true', '2:true']);
  });

  it('retries a transient error and gives up after its attempts, telling the waiter', () => {
    const { world, sysasp, state } = page();
    sysasp.ioErrorsLeft = STATE_PAGE_WRITE_ATTEMPTS - 1;
    let heard: boolean | undefined;
    state.set(7, (landed) => (heard = landed));
    world.settle();
    expect(heard).toBe(true);
    expect(sysasp.pages.get(3)).toBe(7);
    sysasp.ioErrorsLeft = STATE_PAGE_WRITE_ATTEMPTS;
    state.set(8, (landed) => (heard = landed));
    world.settle();
    expect(heard).toBe(false);
    expect(sysasp.pages.get(3)).toBe(7);
  });

  it('writes a value asked for again after it was given up on', () => {
    const { world, sysasp, state } = page();
    sysasp.failed = true;
    state.set(5);
    world.settle();
    sysasp.failed = false;
    let heard: boolean | undefined;
    state.set(5, (landed) => (heard = landed));
    world.settle();
    expect(heard).toBe(true);
    expect(sysasp.pages.get(3)).toBe(5);
  });

  it('once stopped writes nothing more and tells its waiters', () => {
    const { world, sysasp, state } = page();
    state.set(1);
    state.stop();
    let heard: boolean | undefined;
    state.set(2, (landed) => (heard = landed));
    world.settle();
    expect(heard).toBe(false);
    expect(sysasp.pages.get(3)).toBe(1);
  });
});
