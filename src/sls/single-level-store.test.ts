// The single-level store's own promises on in-memory devices whose completions the test orders: its IASP
// writes are crash-safe under any completion order (issue 10, defect 6a), its capacities end in a refusal
// (defect 5), a failed vary-on leaves it varied off, and a failed header write is not retried forever.

import { describe, expect, it } from 'vitest';
import { ManualWorld, MemoryBlockDevice } from '../testing/manual-io.js';
import { ADDRESS_POLICIES, type AddressPolicy } from './address-policy.js';
import {
  DIRECTORY_BLOCKS, EPOCH_EXHAUSTED, IASP_HEADER_PAGE, RANGE_LIST_FIRST_PAGE, SLOTS_PER_RANGE, decodeEntry, decodeHeader,
  directoryFirstPage, iaspPageCount, rangeOf, sysaspPageCount,
} from './iasp-layout.js';
import { type CreateResult, type Resolution, SingleLevelStore, type StepResult } from './single-level-store.js';

const DATA_PAGES = 8;
const silent = { rangeInUse() {}, pointersInvalidated() {} };

interface Rig {
  readonly world: ManualWorld;
  readonly iasp: MemoryBlockDevice;
  readonly sysasp: MemoryBlockDevice;
  store: SingleLevelStore;
}

function rig(policy: AddressPolicy): Rig {
  const world = new ManualWorld();
  const iasp = new MemoryBlockDevice(world, 'iasp', iaspPageCount(DATA_PAGES));
  const sysasp = new MemoryBlockDevice(world, 'sysasp', sysaspPageCount(4));
  return { world, iasp, sysasp, store: new SingleLevelStore('system1', 1, sysasp, DATA_PAGES, policy, silent) };
}

function settled<T>(world: ManualWorld, start: (done: (value: T) => void) => void): T {
  let value: T | undefined;
  start((result) => (value = result));
  world.settle();
  expect(value).toBeDefined();
  return value as T;
}

/** An IPL: the old store is gone, a new one opens the same SYSASP and varies on the same copy. */
function ipl(r: Rig, policy: AddressPolicy): StepResult {
  r.store = new SingleLevelStore('system1', 1, r.sysasp, DATA_PAGES, policy, silent);
  expect(settled<StepResult>(r.world, (done) => r.store.open(done)).ok).toBe(true);
  return settled<StepResult>(r.world, (done) => r.store.varyOn(r.iasp, done));
}

/** What the copy's pages promise after a crash, read from the pages alone. */
function persistedProblems(iasp: MemoryBlockDevice): string[] {
  const problems: string[] = [];
  const header = decodeHeader(iasp.pages.get(IASP_HEADER_PAGE) ?? 0);
  const ownedCount = header?.ownedCount ?? 0;
  const listed: (number | undefined)[] = [];
  for (let position = 0; position < DIRECTORY_BLOCKS; position += 1) {
    const token = iasp.pages.get(RANGE_LIST_FIRST_PAGE + position);
    listed.push(position < ownedCount && token !== undefined ? token - 1 : undefined);
    if (position < ownedCount && token === undefined) problems.push(`header counts list position ${position}, never landed`);
  }
  const first = directoryFirstPage(DATA_PAGES);
  for (const [page, token] of iasp.pages) {
    if (page < first) continue;
    const entry = decodeEntry(token)!;
    const position = Math.floor((page - first) / SLOTS_PER_RANGE);
    const slot = entry.address % SLOTS_PER_RANGE;
    if (listed[position] !== rangeOf(entry.address)) problems.push(`entry ${entry.address} in a block the header does not own`);
    const current = header !== undefined && header.currentRange === rangeOf(entry.address);
    if (current && slot >= header.nextSlot) problems.push(`entry ${entry.address} at slot ${slot}, header next slot ${header.nextSlot}`);
  }
  return problems;
}

/** A tiny deterministic generator, so the completion orders are many but reproducible. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Order = 'fifo' | 'lifo' | number;

/** Delivers `count` completions in `order` (a number: a seeded random order), then crashes. */
function deliverThenCrash(world: ManualWorld, count: number, order: Order): void {
  const random = typeof order === 'number' ? lcg(order) : undefined;
  for (let step = 0; step < count && world.pending.length > 0; step += 1) {
    if (random === undefined) world.step(order as 'fifo' | 'lifo');
    else world.pending.splice(Math.floor(random() * world.pending.length), 1)[0].complete();
  }
  world.crash();
}

const ORDERS: Order[] = ['fifo', 'lifo', ...Array.from({ length: 12 }, (_, index) => index + 1)];

describe('IASP writes are crash-safe under any completion order (defect 6a)', () => {
  it('creates crossing a full range: no slot handed out twice, no list entry counted before it landed', () => {
    const policy = ADDRESS_POLICIES['shared-range'];
    const failures: string[] = [];
    // The copy with all but two slots of its first range used, made once and cloned for every run.
    const template = rig(policy);
    expect(ipl(template, policy).ok).toBe(true);
    for (let index = 1; index < SLOTS_PER_RANGE - 1; index += 1) {
      expect(settled<CreateResult>(template.world, (done) => template.store.createObject(index, done)).ok).toBe(true);
    }
    for (const order of ORDERS) {
      for (let delivered = 0; delivered <= 12; delivered += 1) {
        const r = rig(policy);
        for (const [page, token] of template.iasp.pages) r.iasp.pages.set(page, token);
        for (const [page, token] of template.sysasp.pages) r.sysasp.pages.set(page, token);
        expect(ipl(r, policy).ok).toBe(true);
        // Four creates at once: two fill the range, two need the next one.
        for (let index = 0; index < 4; index += 1) r.store.createObject(SLOTS_PER_RANGE + index, () => {});
        deliverThenCrash(r.world, delivered, order);
        const problems = persistedProblems(r.iasp);
        if (problems.length > 0) failures.push(`${order}/${delivered}: ${problems.join('; ')}`);
        // After the IPL, a new object never takes the address of one whose entry landed.
        const taken = new Set([...r.iasp.pages].filter(([page]) => page >= directoryFirstPage(DATA_PAGES)).map(([, token]) => decodeEntry(token)!.address));
        expect(ipl(r, policy).ok).toBe(true);
        const next = settled<CreateResult>(r.world, (done) => r.store.createObject(99, done));
        if (next.ok && taken.has(next.address)) failures.push(`${order}/${delivered}: address ${next.address} handed out twice`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a vary-on starting a range (system-unique) is crash-safe at every point, and an IPL recovers', () => {
    const policy = ADDRESS_POLICIES['system-unique'];
    const failures: string[] = [];
    for (const order of ORDERS) {
      for (let delivered = 0; delivered <= 6; delivered += 1) {
        const r = rig(policy);
        expect(ipl(r, policy).ok).toBe(true);
        expect(settled<CreateResult>(r.world, (done) => r.store.createObject(1, done)).ok).toBe(true);
        settled<StepResult>(r.world, (done) => r.store.varyOff(done));
        r.store.varyOn(r.iasp, () => {});
        deliverThenCrash(r.world, delivered, order);
        const problems = persistedProblems(r.iasp);
        if (problems.length > 0) failures.push(`${order}/${delivered}: ${problems.join('; ')}`);
        expect(ipl(r, policy).ok).toBe(true);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('capacities end in a refusal (defect 5)', () => {
  it(`a copy owns ${DIRECTORY_BLOCKS} ranges: the next vary-on is refused and leaves the store varied off`, () => {
    const policy = ADDRESS_POLICIES['system-unique'];
    const r = rig(policy);
    expect(settled<StepResult>(r.world, (done) => r.store.open(done)).ok).toBe(true);
    const outcomes: string[] = [];
    for (let varyOn = 1; varyOn <= DIRECTORY_BLOCKS + 1; varyOn += 1) {
      const result = settled<StepResult>(r.world, (done) => r.store.varyOn(r.iasp, done));
      outcomes.push(result.ok ? 'ok' : result.error);
      if (result.ok) settled<StepResult>(r.world, (done) => r.store.varyOff(done));
    }
    expect(outcomes.slice(0, DIRECTORY_BLOCKS)).toEqual(Array(DIRECTORY_BLOCKS).fill('ok'));
    expect(outcomes[DIRECTORY_BLOCKS]).toBe('rangesExhausted');
    expect(r.store.isVariedOn).toBe(false);
    const create = settled<CreateResult>(r.world, (done) => r.store.createObject(1, done));
    expect(create).toEqual({ ok: false, error: 'notVariedOn' });
  });

  it('a failed vary-on (the list cannot be read) leaves the store varied off, and a retry succeeds', () => {
    const policy = ADDRESS_POLICIES['system-unique'];
    const r = rig(policy);
    expect(ipl(r, policy).ok).toBe(true);
    settled<StepResult>(r.world, (done) => r.store.varyOff(done));
    r.iasp.ioErrorsLeft = 1;
    expect(settled<StepResult>(r.world, (done) => r.store.varyOn(r.iasp, done)).ok).toBe(false);
    expect(r.store.isVariedOn).toBe(false);
    expect(settled<StepResult>(r.world, (done) => r.store.varyOn(r.iasp, done)).ok).toBe(true);
    expect(r.store.isVariedOn).toBe(true);
  });

  it('a failed range start at vary-on (the list write fails) leaves the store varied off', () => {
    const policy = ADDRESS_POLICIES['system-unique'];
    const r = rig(policy);
    expect(settled<StepResult>(r.world, (done) => r.store.open(done)).ok).toBe(true);
    // The header read succeeds (empty copy); the counter write fails.
    let calls = 0;
    const write = r.sysasp.write.bind(r.sysasp);
    r.sysasp.write = (page, token, done) => write(page, token, (result) => done((calls += 1) === 1 ? { ok: false, error: 'ioError' } : result));
    expect(settled<StepResult>(r.world, (done) => r.store.varyOn(r.iasp, done)).ok).toBe(false);
    expect(r.store.isVariedOn).toBe(false);
  });

  it(`creates past ${DIRECTORY_BLOCKS} ranges of a copy fail as rangesExhausted (counted by the caller)`, () => {
    const policy = ADDRESS_POLICIES['system-unique'];
    const r = rig(policy);
    expect(settled<StepResult>(r.world, (done) => r.store.open(done)).ok).toBe(true);
    for (let varyOn = 1; varyOn < DIRECTORY_BLOCKS; varyOn += 1) {
      expect(settled<StepResult>(r.world, (done) => r.store.varyOn(r.iasp, done)).ok).toBe(true);
      expect(settled<StepResult>(r.world, (done) => r.store.varyOff(done)).ok).toBe(true);
    }
    expect(settled<StepResult>(r.world, (done) => r.store.varyOn(r.iasp, done)).ok).toBe(true);
    const results: string[] = [];
    for (let index = 0; index <= SLOTS_PER_RANGE; index += 1) {
      const result = settled<CreateResult>(r.world, (done) => r.store.createObject(index + 1, done));
      results.push(result.ok ? 'ok' : result.error);
    }
    expect(results.filter((result) => result === 'ok')).toHaveLength(SLOTS_PER_RANGE);
    expect(results[SLOTS_PER_RANGE]).toBe('rangesExhausted');
  });

  it('invalidate-all: invalidations past the epoch capacity are refused, and every pointer then resolves not valid', () => {
    const policy = ADDRESS_POLICIES['invalidate-all'];
    const r = rig(policy);
    expect(ipl(r, policy).ok).toBe(true);
    const object = settled<CreateResult>(r.world, (done) => r.store.createObject(1, done));
    if (!object.ok) throw new Error('create failed');
    const results: string[] = [];
    for (let invalidation = 1; invalidation <= EPOCH_EXHAUSTED + 1; invalidation += 1) {
      const result = settled<StepResult>(r.world, (done) => r.store.noteNewCopy(done));
      results.push(result.ok ? 'ok' : result.error);
    }
    expect(results.slice(0, EPOCH_EXHAUSTED)).toEqual(Array(EPOCH_EXHAUSTED).fill('ok'));
    expect(results[EPOCH_EXHAUSTED]).toBe('epochsExhausted');
    // A pointer stored now (in the last epoch) is not valid either, also after an IPL.
    expect(settled<StepResult>(r.world, (done) => r.store.storePointer(0, object.address, 1, done)).ok).toBe(true);
    expect(settled<Resolution>(r.world, (done) => r.store.resolve(0, done)).kind).toBe('notValid');
    settled<StepResult>(r.world, (done) => r.store.varyOff(done));
    expect(ipl(r, policy).ok).toBe(true);
    expect(settled<Resolution>(r.world, (done) => r.store.resolve(0, done)).kind).toBe('notValid');
  });

  it('a header write that fails on a failed copy is not retried once every waiter was told', () => {
    const r = rig(ADDRESS_POLICIES['system-unique']);
    expect(settled<StepResult>(r.world, (done) => r.store.open(done)).ok).toBe(true);
    expect(settled<StepResult>(r.world, (done) => r.store.varyOn(r.iasp, done)).ok).toBe(true);
    r.iasp.failed = true;
    let created: CreateResult | undefined;
    r.store.createObject(5, (result) => (created = result));
    // Each step completes one request: a header write retried without end would keep the queue busy forever.
    for (let step = 0; step < 16 && r.world.pending.length > 0; step += 1) r.world.step();
    expect(created).toEqual({ ok: false, error: 'deviceFailed' });
    expect(r.world.pending).toEqual([]);
  });
});
