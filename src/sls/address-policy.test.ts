// Address-range policies on in-memory devices: a mirror copy is detached and used on the target, production
// re-varies on and creates, a full sync copies production over the copy, and the target resolves its
// pointers. Which policies resolve to a foreign object, which detect it, and what each guard is worth.

import { describe, expect, it } from 'vitest';
import { ManualWorld, MemoryBlockDevice } from '../testing/manual-io.js';
import { ADDRESS_POLICIES, type AddressPolicy } from './address-policy.js';
import { LogicAssertionError } from '../assert.js';
import { CONTENT_LIMIT, LABEL_LIMIT, iaspPageCount, sysaspPageCount } from './iasp-layout.js';
import { type CreateResult, type Resolution, SingleLevelStore, type StepResult } from './single-level-store.js';

const DATA_PAGES = 8;
const silent = { rangeInUse() {}, pointersInvalidated() {} };

function settled<T>(world: ManualWorld, start: (done: (value: T) => void) => void): T {
  let value: T | undefined;
  start((result) => (value = result));
  world.settle();
  expect(value).toBeDefined();
  return value as T;
}

function clone(world: ManualWorld, name: string, from: MemoryBlockDevice): MemoryBlockDevice {
  const copy = new MemoryBlockDevice(world, name, from.pageCount);
  for (const [page, token] of from.pages) copy.pages.set(page, token);
  return copy;
}

/** Runs the detach, use, re-vary-on, full-sync story; returns what the target's two pointers resolve to. */
function story(policy: AddressPolicy): { newPointer: Resolution; oldPointer: Resolution } {
  const world = new ManualWorld();
  const production = new MemoryBlockDevice(world, 'production', iaspPageCount(DATA_PAGES));
  const systems = [1, 2].map((number) => {
    const sysasp = new MemoryBlockDevice(world, `sysasp${number}`, sysaspPageCount(4));
    return new SingleLevelStore(`system${number}`, number, sysasp, DATA_PAGES, policy, silent);
  });
  const [source, target] = systems;
  const step = (start: (done: (result: StepResult) => void) => void): boolean => settled<StepResult>(world, start).ok;
  const create = (system: SingleLevelStore, content: number): number => {
    const result = settled<CreateResult>(world, (done) => system.createObject(content, done));
    if (!result.ok) throw new Error(`create failed: ${result.error}`);
    return result.address;
  };
  const resolve = (slot: number): Resolution => settled<Resolution>(world, (done) => target.resolve(slot, done));
  for (const system of systems) expect(step((done) => system.open(done))).toBe(true);
  expect(step((done) => source.varyOn(production, done))).toBe(true);
  const before = create(source, 1);
  // Detach: the mirror copy is production's pages as they are; detach-assigned gives it a fresh range.
  const mirror = clone(world, 'mirror', production);
  const assigned = source.takeRangeForDetach();
  if (assigned !== undefined) expect(step((done) => SingleLevelStore.assignRange(mirror, assigned, done))).toBe(true);
  // The target uses the copy: creates Y, stores pointers to Y and to the object made before the detach.
  expect(step((done) => target.varyOn(mirror, done))).toBe(true);
  const created = create(target, 2);
  expect(step((done) => target.storePointer(0, created, 7, done))).toBe(true);
  expect(step((done) => target.storePointer(1, before, 8, done))).toBe(true);
  expect(step((done) => target.varyOff(done))).toBe(true);
  // Production IPLs (varies off and on again) and creates X.
  expect(step((done) => source.varyOff(done))).toBe(true);
  expect(step((done) => source.varyOn(production, done))).toBe(true);
  create(source, 3);
  // Reattach with a full synchronisation: production's pages over the copy, then the target uses it again.
  mirror.pages.clear();
  for (const [page, token] of production.pages) mirror.pages.set(page, token);
  expect(step((done) => target.noteNewCopy(done))).toBe(true);
  expect(step((done) => target.varyOn(mirror, done))).toBe(true);
  return { newPointer: resolve(0), oldPointer: resolve(1) };
}

function outcome(resolution: Resolution): string {
  if (resolution.kind === 'object') return resolution.content === 2 ? 'ok' : `foreign (content ${resolution.content})`;
  return resolution.kind === 'notValid' ? `notValid:${resolution.why}` : resolution.kind;
}

const newPointerUnder = (policy: AddressPolicy): string => outcome(story(policy).newPointer);

describe('address policies through detach, use on the target and a full sync', () => {
  it.each([
    ['shared-range', 'foreign (content 3)', 'object'],
    ['iasp-counter', 'foreign (content 3)', 'object'],
    ['detach-assigned', 'notValid:noEntry', 'object'],
    ['system-unique', 'notValid:range', 'object'],
    ['system-unique-lazy', 'notValid:range', 'object'],
    ['invalidate-all', 'notValid:epoch', 'notValid'],
  ])('%s: the pointer to the target\'s object resolves %s, the older pointer to %s', (name, newPointer, oldPointer) => {
    const result = story(ADDRESS_POLICIES[name]);
    expect(outcome(result.newPointer)).toBe(newPointer);
    expect(result.oldPointer.kind).toBe(oldPointer);
    if (result.oldPointer.kind === 'object') expect(result.oldPointer.content).toBe(1);
  });

  it('mutation: shared-range with ownership checked still resolves to a foreign object (the range was shared)', () => {
    expect(newPointerUnder({ ...ADDRESS_POLICIES['shared-range'], checksOwnership: true })).toBe('foreign (content 3)');
  });

  it('mutation: system-unique without the ownership check is still safe (entries name their address)', () => {
    expect(newPointerUnder({ ...ADDRESS_POLICIES['system-unique'], checksOwnership: false })).toBe('notValid:noEntry');
  });

  it('mutation: system-unique taking ranges from the IASP counter aliases like iasp-counter', () => {
    const fromIaspCounter = { ...ADDRESS_POLICIES['system-unique'], rangeAtVaryOn: 'iaspCounter' } as const;
    expect(newPointerUnder(fromIaspCounter)).toBe('foreign (content 3)');
  });

  it('asserts a pointer label, pointer slot, object content or application page beyond its capacity', () => {
    const world = new ManualWorld();
    const iasp = new MemoryBlockDevice(world, 'iasp', iaspPageCount(DATA_PAGES));
    const sysasp = new MemoryBlockDevice(world, 'sysasp', sysaspPageCount(4));
    const store = new SingleLevelStore('system1', 1, sysasp, DATA_PAGES, ADDRESS_POLICIES['system-unique'], silent);
    settled<StepResult>(world, (done) => store.open(done));
    settled<StepResult>(world, (done) => store.varyOn(iasp, done));
    expect(() => store.storePointer(0, 1, LABEL_LIMIT, () => {})).toThrow(/pointer label/);
    expect(() => store.storePointer(4, 1, 0, () => {})).toThrow(/pointer page/);
    expect(() => store.createObject(CONTENT_LIMIT, () => {})).toThrow(LogicAssertionError);
    expect(() => store.writePage(DATA_PAGES, 1, () => {})).toThrow(/application page/);
  });

  it('every policy is a distinct, named combination of flags', () => {
    const shapes = Object.values(ADDRESS_POLICIES).map(({ name, ...flags }) => JSON.stringify(flags));
    expect(new Set(shapes).size).toBe(shapes.length);
    for (const [key, policy] of Object.entries(ADDRESS_POLICIES)) expect(policy.name).toBe(key);
  });
});
