// Named mutations of the single-level store's guards (src/sls): each removes one guard; the tests named in
// `caughtBy` fail under it (docs/guards.md). Checked by `npx tsx sim/testing/guard-mutations/run.ts`.

import type { GuardMutation } from './guard-mutation.js';

const IN_FLIGHT_DEVICE = 'src/sls/in-flight-device.ts';
const SINGLE_LEVEL_STORE = 'src/sls/single-level-store.ts';

export const SLS_MUTATIONS: readonly GuardMutation[] = [
  {
    id: 'L.varyOn.twice', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.varyOn',
    guard: 'one vary-on at a time',
    find: 'if (!this.opened || this.variedOn !== undefined || this.varyingOn) return done({ ok: false, er'
      + 'ror: \'notVariedOn\' });',
    replace: 'if (!this.opened) return done({ ok: false, error: \'notVariedOn\' });',
    caughtBy: ['src/sls/single-level-store-guards.test.ts'],
  },
  {
    id: 'L.varyOn.notOpened', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.varyOn',
    guard: 'no vary-on before the SYSASP was read',
    find: 'if (!this.opened || this.variedOn !== undefined || this.varyingOn) return done({ ok: false, er'
      + 'ror: \'notVariedOn\' });',
    replace: 'if (this.variedOn !== undefined || this.varyingOn) return done({ ok: false, error: \'notVaried'
      + 'On\' });',
    caughtBy: ['src/sls/single-level-store-guards.test.ts'],
  },
  {
    id: 'L.create.variedOffMeanwhile', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.createObject',
    guard: 'no entry written once the copy was varied off',
    find: 'if (this.variedOn !== state) return done({ ok: false, error: \'notVariedOn\' });\n      const '
      + 'page = directoryPageAt',
    replace: 'const page = directoryPageAt',
    caughtBy: [],
    defence: 'the vary-off waits for the entry write too (I.continuationFirst, tested); the check only spare'
      + 's a create finishing after its vary-off began',
  },
  {
    id: 'L.create.headerFirst', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.createObject',
    guard: 'the header (next slot) lands before the entry',
    find: 'this.persistHeader(state, (persisted) => {\n      if (!persisted.ok) return done(persisted);',
    replace: 'this.persistHeader(state, () => {});\n    ((then: (persisted: StepResult) => void) => then({ o'
      + 'k: true }))((persisted) => {\n      if (!persisted.ok) return done(persisted);',
    caughtBy: ['src/sls/single-level-store.test.ts'],
  },
  {
    id: 'L.create.waitRangeStart', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.createObject',
    guard: 'creates wait while a range starts',
    find: 'if (state.rangeStartWaiters !== undefined) {\n      assert(state.rangeStartWaiters.length < HE'
      + 'ADER_WAITER_LIMIT, \'too many creates wait for a range start\');\n      state.rangeStartWaiter'
      + 's.push(() => this.createObject(content, done));\n      return;\n    }',
    replace: '',
    caughtBy: ['src/sls/single-level-store.test.ts'],
  },
  {
    id: 'L.range.listFirst', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.startRange',
    guard: 'the owned-list entry lands before the header counts it',
    find: 'state.device.write(listPage, range + 1, (listed) => (listed.ok ? commit() : finish(listed)));',
    replace: 'state.device.write(listPage, range + 1, () => {});\n      commit();',
    caughtBy: ['src/sls/single-level-store.test.ts'],
  },
  {
    id: 'L.resolve.address', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.resolve',
    guard: 'an entry resolves only the address it names',
    find: 'if (entry === undefined || entry.address !== address) return done({ kind: \'notValid\', addres'
      + 's, label, why: \'noEntry\' });',
    replace: 'if (entry === undefined) return done({ kind: \'notValid\', address, label, why: \'noEntry\' });',
    caughtBy: [],
    defence: 'within one copy an entry always names the address of its block\'s range and slot (paired with '
      + 'the assertion "entry in a foreign slot")',
  },
  {
    id: 'L.resolve.ownership', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.resolve',
    guard: 'range ownership at resolution (checksOwnership)',
    find: 'if (this.policy.checksOwnership && !state.owned.has(rangeOf(address))) return done({ kind: \'n'
      + 'otValid\', address, label, why: \'range\' });',
    replace: '',
    caughtBy: ['src/sls/address-policy.test.ts'],
  },
  {
    id: 'L.resolve.epoch', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.resolve',
    guard: 'invalidate-all: pointers of an older epoch are not valid',
    find: 'if (this.policy.invalidatesOnNewCopy && invalidated) return done({ kind: \'notValid\', address'
      + ', label, why: \'epoch\' });',
    replace: '',
    caughtBy: ['src/sls/address-policy.test.ts', 'src/sls/single-level-store.test.ts'],
  },
  {
    id: 'L.detachRange.starting', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.takeRangeForDetach',
    guard: 'the range given at detach is past one being started',
    find: 'const range = Math.max(state.header.rangeCounter, state.startingRange) + 1;',
    replace: 'const range = state.header.rangeCounter + 1;',
    caughtBy: ['src/sls/single-level-store-guards.test.ts'],
  },
  {
    id: 'L.detachRange.skip', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.takeRangeForDetach',
    guard: 'production skips the range it gave away',
    find: 'state.header = { ...state.header, rangeCounter: range };\n    this.persistHeader(state, () => '
      + '{});\n    return range;',
    replace: 'return range;',
    caughtBy: ['src/sls/single-level-store-guards.test.ts'],
  },
  {
    id: 'L.header.oneOutstanding', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.writeHeader',
    guard: 'one header write outstanding at a time',
    find: 'if (state.headerWriting || state.headerLanded >= state.headerVersion) return;',
    replace: 'if (state.headerLanded >= state.headerVersion) return;',
    caughtBy: ['src/sls/single-level-store.test.ts'],
  },
  {
    id: 'L.header.noRetryForNobody', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.writeHeader',
    guard: 'a failed header write whose waiters were all told is not retried (a failed copy is not written forever)',
    find: 'if (waiting.length > 0) this.writeHeader(state);',
    replace: 'this.writeHeader(state);',
    caughtBy: ['src/sls/single-level-store.test.ts'],
  },
  {
    id: 'L.destroy.address', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.destroyObject',
    guard: 'a destroy marks only the entry of its address',
    find: 'if (entry === undefined || entry.address !== address || entry.destroyed) return done({ ok: tru'
      + 'e });',
    replace: 'if (entry === undefined || entry.destroyed) return done({ ok: true });',
    caughtBy: [],
    defence: 'as L.resolve.address: an entry in an owned block names its own address',
  },
  {
    id: 'L.counter.persistBeforeUse', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.startRange',
    guard: 'the system counter lands before its range is used',
    find: 'if (this.policy.counterPersistedBeforeUse) persistCounterFirst = true;',
    replace: 'if (false) persistCounterFirst = true;',
    caughtBy: ['src/sls/single-level-store.test.ts'],
  },
  {
    id: 'L.range.knownKeepsBlock', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.startRange',
    guard: 'a range owned already keeps its block',
    find: 'const position = known ?? header.ownedCount;',
    replace: 'const position = header.ownedCount;',
    caughtBy: [],
    defence: 'reachable only under the flawed system-unique-lazy policy (a range handed out twice): keeps it'
      + 's effect a foreign resolution, not a duplicate-list assertion',
  },
  {
    id: 'L.assignRange.listFirst', file: SINGLE_LEVEL_STORE, where: 'SingleLevelStore.assignRange',
    guard: 'an assigned range\'s list entry lands before the header counts it',
    find: 'device.write(RANGE_LIST_FIRST_PAGE + header.ownedCount, range + 1, (listed) => {\n        if ('
      + '!listed.ok) return done(listed);',
    replace: 'device.write(RANGE_LIST_FIRST_PAGE + header.ownedCount, range + 1, () => {});\n      ((then: ('
      + 'listed: { ok: true }) => void) => then({ ok: true }))((listed) => {\n        if (!listed.ok) r'
      + 'eturn done(listed);',
    caughtBy: ['src/sls/single-level-store-guards.test.ts'],
  },
  {
    id: 'I.continuationFirst', file: IN_FLIGHT_DEVICE, where: 'InFlightDevice.track',
    guard: 'a completion\'s follow-up is counted before the drain is declared',
    find: 'done(result);\n      if (this.outstanding > 0) return;\n      const waiting = this.drained.spl'
      + 'ice(0, this.drained.length);\n      for (const callback of waiting) callback();',
    replace: 'const waiting = this.outstanding > 0 ? [] : this.drained.splice(0, this.drained.length);\n    '
      + '  for (const callback of waiting) callback();\n      done(result);',
    caughtBy: ['src/sls/in-flight-device-guards.test.ts'],
  },
];
