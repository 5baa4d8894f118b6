// The single-level store's guards that no other test drives, each with its precondition violated on in-memory
// devices: a vary-on before the SYSASP was read or during another, the detach-assigned range hand-over, and
// the order of an assigned range's writes. The mutation named beside each test (docs/guards.md) fails it.

import { describe, expect, it } from 'vitest';
import { ManualWorld, MemoryBlockDevice, type PendingOperation } from '../testing/manual-io.js';
import { ADDRESS_POLICIES, type AddressPolicy } from './address-policy.js';
import { RANGE_LIST_FIRST_PAGE, SLOTS_PER_RANGE, iaspPageCount, rangeOf, sysaspPageCount } from './iasp-layout.js';
import { type CreateResult, SingleLevelStore, type StepResult } from './single-level-store.js';

const DATA_PAGES = 8;
const silent = { rangeInUse() {}, pointersInvalidated() {} };

function rig(policy: AddressPolicy) {
  const world = new ManualWorld();
  const iasp = new MemoryBlockDevice(world, 'iasp', iaspPageCount(DATA_PAGES));
  const sysasp = new MemoryBlockDevice(world, 'sysasp', sysaspPageCount(4));
  const newStore = () => new SingleLevelStore('system1', 1, sysasp, DATA_PAGES, policy, silent);
  return { world, iasp, sysasp, newStore };
}

function settled<T>(world: ManualWorld, start: (done: (value: T) => void) => void): T {
  let value: T | undefined;
  start((result) => (value = result));
  world.settle();
  expect(value).toBeDefined();
  return value as T;
}

const ok = (result: StepResult): boolean => result.ok;
function create(world: ManualWorld, store: SingleLevelStore): number {
  const result = settled<CreateResult>(world, (done) => store.createObject(1, done));
  if (!result.ok) throw new Error(`create failed: ${result.error}`);
  return result.address;
}

describe('vary-on refusals', () => {
  // Mutation: L.varyOn.twice.
  it('a second vary-on, while one runs or a copy is varied on, is refused and leaves the first', () => {
    const { world, iasp, newStore } = rig(ADDRESS_POLICIES['system-unique']);
    const other = new MemoryBlockDevice(world, 'other', iasp.pageCount);
    const store = newStore();
    expect(settled(world, (done) => store.open(done))).toEqual({ ok: true });
    let first: StepResult | undefined;
    store.varyOn(iasp, (result) => (first = result));
    let second: StepResult | undefined;
    store.varyOn(other, (result) => (second = result));
    world.settle();
    expect(first).toEqual({ ok: true });
    expect(second).toEqual({ ok: false, error: 'notVariedOn' });
    expect(settled(world, (done) => store.varyOn(other, done))).toEqual({ ok: false, error: 'notVariedOn' });
    expect(store.variedOnDevice).toBe(iasp);
  });

  // Mutation: L.varyOn.notOpened.
  it('a vary-on before the SYSASP was read is refused: the counter would hand a range out again', () => {
    const { world, iasp, newStore } = rig(ADDRESS_POLICIES['system-unique']);
    const before = newStore();
    expect(ok(settled(world, (done) => before.open(done)))).toBe(true);
    expect(ok(settled(world, (done) => before.varyOn(iasp, done)))).toBe(true);
    const firstRange = rangeOf(create(world, before));
    expect(ok(settled(world, (done) => before.varyOff(done)))).toBe(true);
    // An IPL: a new store on the same SYSASP, asked to vary on before it read its counter.
    const after = newStore();
    expect(settled(world, (done) => after.varyOn(iasp, done))).toEqual({ ok: false, error: 'notVariedOn' });
    expect(ok(settled(world, (done) => after.open(done)))).toBe(true);
    expect(ok(settled(world, (done) => after.varyOn(iasp, done)))).toBe(true);
    expect(rangeOf(create(world, after))).toBeGreaterThan(firstRange);
  });
});

describe('detach-assigned: the range production gives the mirror copy at a detach', () => {
  // Mutation: L.detachRange.*.
  it('is past a range being started, and production never takes it afterwards', () => {
    const { world, iasp, newStore } = rig(ADDRESS_POLICIES['detach-assigned']);
    const store = newStore();
    expect(ok(settled(world, (done) => store.open(done)))).toBe(true);
    expect(ok(settled(world, (done) => store.varyOn(iasp, done)))).toBe(true);
    for (let slot = 0; slot < SLOTS_PER_RANGE; slot += 1) create(world, store);
    // The next create starts range 2; its owned-list entry has not landed when the detach asks for a range.
    let started: CreateResult | undefined;
    store.createObject(1, (result) => (started = result));
    expect(world.pending.some((operation) => operation.firstPage === RANGE_LIST_FIRST_PAGE + 1)).toBe(true);
    const given = store.takeRangeForDetach();
    world.settle();
    expect(started?.ok && rangeOf(started.address)).toBe(2);
    expect(given).toBe(3);
    for (let slot = 1; slot < SLOTS_PER_RANGE; slot += 1) create(world, store);
    expect(rangeOf(create(world, store))).toBe(4);
  });

  // Mutation: L.assignRange.listFirst.
  it('lands its owned-list entry before the header that counts it: a crash between varies on', () => {
    const { world, iasp, newStore } = rig(ADDRESS_POLICIES['detach-assigned']);
    const store = newStore();
    expect(ok(settled(world, (done) => store.open(done)))).toBe(true);
    expect(ok(settled(world, (done) => store.varyOn(iasp, done)))).toBe(true);
    expect(ok(settled(world, (done) => store.varyOff(done)))).toBe(true);
    SingleLevelStore.assignRange(iasp, 7, () => {});
    // Every write but the list entry lands (the port promises no order), then the power goes.
    const listEntry = (operation: PendingOperation) =>
      operation.kind === 'write' && operation.firstPage === RANGE_LIST_FIRST_PAGE + 1;
    world.settle('fifo', () => world.pending.length > 0 && world.pending.every(listEntry), listEntry);
    world.crash();
    const after = newStore();
    expect(ok(settled(world, (done) => after.open(done)))).toBe(true);
    expect(ok(settled(world, (done) => after.varyOn(iasp, done)))).toBe(true);
  });
});
