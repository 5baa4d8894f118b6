// The single-level store of one system (seed 000): an IASP copy varied on, objects created at addresses of
// its current range with their directory entries in IASP pages, pointers stored in SYSASP pages, and
// pointer resolution through the directory of the copy varied on. All state is in pages; the in-memory
// part is a cache rebuilt at vary-on, so a crash loses nothing that was persisted.

import { assert, assertIndex } from '../assert.js';
import type { BlockDevice, ContentToken, IoError } from '../ports/block-device.js';
import type { AddressPolicy } from './address-policy.js';
import {
  CONTENT_LIMIT, DATA_FIRST_PAGE, DIRECTORY_BLOCKS, EPOCH_EXHAUSTED, EPOCH_SPAN, IASP_HEADER_PAGE, type IaspHeader, LABEL_LIMIT,
  MAX_RANGE_ID, POINTER_FIRST_PAGE, RANGE_LIST_FIRST_PAGE, SLOTS_PER_RANGE, SYSASP_POINTER_EPOCH_PAGE,
  SYSASP_RANGE_COUNTER_PAGE, SYSTEM_RANGE_SPAN, addressOf, decodeEntry, decodeHeader, decodePointer,
  directoryPageAt, encodeEntry, encodeHeader, encodePointer, rangeOf,
} from './iasp-layout.js';
import type { RangeReason, SlsObserver } from './sls-observer.js';

/** `rangesExhausted` and `epochsExhausted`: a documented capacity reached (iasp-layout.ts), a refusal. */
export type SlsFailure = IoError | 'notVariedOn' | 'rangesExhausted' | 'epochsExhausted';

/** Bound on creates waiting for their header write (the applications bound their outstanding operations). */
const HEADER_WAITER_LIMIT = 65_536;
export type CreateResult =
  | { readonly ok: true; readonly address: number }
  | { readonly ok: false; readonly error: SlsFailure };
export type StepResult = { readonly ok: true } | { readonly ok: false; readonly error: SlsFailure };
export type PageReadResult =
  | { readonly ok: true; readonly token: ContentToken }
  | { readonly ok: false; readonly error: SlsFailure };

/** What a pointer resolved to: an object (its content), or one of the detectable errors. */
export type Resolution =
  | { readonly kind: 'object'; readonly address: number; readonly content: number; readonly label: number }
  | { readonly kind: 'destroyed'; readonly address: number; readonly label: number }
  | { readonly kind: 'notValid'; readonly address: number; readonly label: number; readonly why: 'epoch' | 'range' | 'noEntry' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'failed'; readonly error: SlsFailure };

interface VariedOn {
  readonly device: BlockDevice;
  /** The header in memory, ahead of the copy's: a change is persisted by `persistHeader`. */
  header: IaspHeader;
  /** Each owned range and its position in the owned-range list (its directory block). */
  readonly owned: Map<number, number>;
  /** Header writes in order: at most one outstanding, so an older header never lands over a newer one. */
  headerVersion: number;
  headerLanded: number;
  headerWriting: boolean;
  readonly headerWaiters: { readonly version: number; readonly done: (result: StepResult) => void }[];
  /** While a range start waits for its list entry, creates wait here and then try again. */
  rangeStartWaiters: (() => void)[] | undefined;
  /** The range being started, not yet in the header's counter. */
  startingRange: number;
}

export class SingleLevelStore {
  private variedOn: VariedOn | undefined;
  /** The system's range counter (system-unique policies); `counterDirty` when not yet persisted (the lazy flaw). */
  private systemCounter = 0;
  private counterDirty = false;
  private pointerEpoch = 0;
  private opened = false;
  private varyingOn = false;

  constructor(
    readonly systemName: string,
    /** 1 or 2: the high part of this system's range identifiers. */
    readonly systemNumber: number,
    private readonly sysasp: BlockDevice,
    readonly dataPageCount: number,
    private readonly policy: AddressPolicy,
    private readonly observer: SlsObserver,
  ) {
    assert(systemNumber === 1 || systemNumber === 2, 'a system number is 1 or 2', systemNumber);
    assertIndex(dataPageCount, Number.MAX_SAFE_INTEGER, 'data page count');
    assert(sysasp.pageCount > POINTER_FIRST_PAGE, 'the SYSASP has room for pointers', sysasp.pageCount);
  }

  get isVariedOn(): boolean {
    return this.variedOn !== undefined;
  }

  get variedOnDevice(): BlockDevice | undefined {
    return this.variedOn?.device;
  }

  /** Reads the SYSASP's counter and pointer epoch (after an IPL, the only state there is). */
  open(done: (result: StepResult) => void): void {
    this.sysasp.read(SYSASP_RANGE_COUNTER_PAGE, (counter) => {
      if (!counter.ok) return done(counter);
      this.sysasp.read(SYSASP_POINTER_EPOCH_PAGE, (epoch) => {
        if (!epoch.ok) return done(epoch);
        // Paired with the writes in startRange and noteNewCopy: what was persisted is within its capacity.
        assertIndex(counter.token, SYSTEM_RANGE_SPAN, 'range counter read from the SYSASP');
        assertIndex(epoch.token, EPOCH_SPAN, 'pointer epoch read from the SYSASP');
        this.systemCounter = counter.token;
        this.pointerEpoch = epoch.token;
        this.opened = true;
        done({ ok: true });
      });
    });
  }

  /** Varies on an IASP copy: reads its header and owned ranges, then picks the current range by the policy. */
  varyOn(device: BlockDevice, done: (result: StepResult) => void): void {
    if (!this.opened || this.variedOn !== undefined || this.varyingOn) return done({ ok: false, error: 'notVariedOn' });
    this.varyingOn = true;
    // The store is varied on only once the range is in place: a failed vary-on leaves it varied off.
    const finished = (state: VariedOn | undefined, result: StepResult): void => {
      this.varyingOn = false;
      assert(this.variedOn === undefined, 'a second copy was varied on during a vary-on');
      if (result.ok && state !== undefined) this.variedOn = state;
      done(result);
    };
    device.read(IASP_HEADER_PAGE, (headerRead) => {
      if (!headerRead.ok) return finished(undefined, headerRead);
      const header = decodeHeader(headerRead.token);
      const ownedCount = header?.ownedCount ?? 0;
      assert(ownedCount <= DIRECTORY_BLOCKS, 'a header counts more owned ranges than the directory holds', ownedCount);
      const finish = (owned: Map<number, number>): void => {
        const empty = { currentRange: 0, nextSlot: 0, rangeCounter: 0, ownedCount: 0 };
        const state: VariedOn = {
          device, header: header ?? empty, owned, headerVersion: 0, headerLanded: 0, headerWriting: false,
          headerWaiters: [], rangeStartWaiters: undefined, startingRange: 0,
        };
        const started = (result: StepResult): void => finished(state, result);
        if (header === undefined || header.currentRange === 0) return this.startRange(state, 'initial', started);
        assert(owned.has(header.currentRange), 'the current range of a copy is in its owned list', header.currentRange);
        switch (this.policy.rangeAtVaryOn) {
          case 'keep':
            this.observer.rangeInUse({ system: this.systemName, copy: device.name, range: header.currentRange, reason: 'kept' });
            return finished(state, { ok: true });
          case 'iaspCounter':
            return this.startRange(state, 'iaspCounter', started);
          case 'systemCounter':
            return this.startRange(state, 'systemCounter', started);
        }
      };
      if (ownedCount === 0) return finish(new Map());
      device.readRange(RANGE_LIST_FIRST_PAGE, ownedCount, (list) => {
        if (!list.ok) return finished(undefined, list);
        // Paired with startRange: the header counts a list entry only after it landed, so none is missing.
        const landed = list.content.length;
        assert(landed === ownedCount, 'the header counts an owned-list entry that never landed', landed);
        const owned = new Map<number, number>();
        for (const [page, token] of list.content) {
          assertIndex(token - 1, MAX_RANGE_ID + 1, 'owned range read from the list');
          assert(!owned.has(token - 1), 'a range is listed twice in a copy', token - 1);
          owned.set(token - 1, page - RANGE_LIST_FIRST_PAGE);
        }
        finish(owned);
      });
    });
  }

  /** Varies off: the lazy policy persists its counter only now. */
  varyOff(done: (result: StepResult) => void): void {
    this.variedOn = undefined;
    if (!this.counterDirty) return done({ ok: true });
    this.sysasp.write(SYSASP_RANGE_COUNTER_PAGE, this.systemCounter, (result) => {
      if (result.ok) this.counterDirty = false;
      done(result);
    });
  }

  /** Production gives the mirror copy a fresh range at detach (detach-assigned): the range to write into its header. */
  takeRangeForDetach(): number | undefined {
    const state = this.variedOn;
    if (!this.policy.assignsRangeAtDetach || state === undefined) return undefined;
    // Past a range being started too: it is not in the header's counter until its list entry landed.
    const range = Math.max(state.header.rangeCounter, state.startingRange) + 1;
    if (range > MAX_RANGE_ID) return undefined;
    assert(range !== state.header.currentRange, 'detach gives away production\'s current range', range);
    // Production skips past it so it never uses the range it gave away.
    state.header = { ...state.header, rangeCounter: range };
    this.persistHeader(state, () => {});
    return range;
  }

  /** The mirror side of detach-assigned: makes `range` the current range of a (not varied-on) copy's header. */
  static assignRange(device: BlockDevice, range: number, done: (result: StepResult) => void): void {
    assertIndex(range, MAX_RANGE_ID + 1, 'range assigned at detach');
    assert(range > 0, 'range 0 is never assigned');
    device.read(IASP_HEADER_PAGE, (read) => {
      if (!read.ok) return done(read);
      const header = decodeHeader(read.token) ?? { currentRange: 0, nextSlot: 0, rangeCounter: 0, ownedCount: 0 };
      if (header.ownedCount >= DIRECTORY_BLOCKS) return done({ ok: false, error: 'rangesExhausted' });
      // The list entry lands before the header that counts it (the device promises no order).
      device.write(RANGE_LIST_FIRST_PAGE + header.ownedCount, range + 1, (listed) => {
        if (!listed.ok) return done(listed);
        const next = { currentRange: range, nextSlot: 0, rangeCounter: Math.max(header.rangeCounter, range), ownedCount: header.ownedCount + 1 };
        device.write(IASP_HEADER_PAGE, encodeHeader(next), done);
      });
    });
  }

  /** Invalidates every pointer stored so far (invalidate-all), on a reattach or a new copy. */
  noteNewCopy(done: (result: StepResult) => void): void {
    if (!this.policy.invalidatesOnNewCopy) return done({ ok: true });
    // A capacity: the epoch field has EPOCH_SPAN values, and a wrapped epoch would revalidate old pointers.
    // Reaching EPOCH_EXHAUSTED still invalidates (every pointer is then not valid); past it is refused.
    if (this.pointerEpoch >= EPOCH_EXHAUSTED) return done({ ok: false, error: 'epochsExhausted' });
    this.pointerEpoch += 1;
    this.observer.pointersInvalidated({ system: this.systemName, epoch: this.pointerEpoch });
    this.sysasp.write(SYSASP_POINTER_EPOCH_PAGE, this.pointerEpoch, done);
  }

  createObject(content: number, done: (result: CreateResult) => void): void {
    const state = this.variedOn;
    if (state === undefined) return done({ ok: false, error: 'notVariedOn' });
    assert(Number.isSafeInteger(content), 'object content is an integer', content);
    assert(content > 0, 'object content is positive', content);
    if (!(content < CONTENT_LIMIT)) assert(false, `object content is below ${CONTENT_LIMIT}`, content);
    if (state.rangeStartWaiters !== undefined) {
      assert(state.rangeStartWaiters.length < HEADER_WAITER_LIMIT, 'too many creates wait for a range start');
      state.rangeStartWaiters.push(() => this.createObject(content, done));
      return;
    }
    if (state.header.nextSlot >= SLOTS_PER_RANGE) {
      return this.startRange(state, 'rangeFull', (started) => {
        if (started.ok) this.createObject(content, done);
        else done(started);
      });
    }
    assert(state.header.currentRange > 0, 'an object is placed in range 0');
    const position = state.owned.get(state.header.currentRange);
    assert(position !== undefined, 'the current range is owned', state.header.currentRange);
    const address = addressOf(state.header.currentRange, state.header.nextSlot);
    state.header = { ...state.header, nextSlot: state.header.nextSlot + 1 };
    // The header (next slot) lands before the entry is written, so a crash never hands the slot out twice.
    this.persistHeader(state, (persisted) => {
      if (!persisted.ok) return done(persisted);
      // Defence in depth: the vary-off waits for this entry write too (InFlightDevice counts follow-ups).
      if (this.variedOn !== state) return done({ ok: false, error: 'notVariedOn' });
      const page = directoryPageAt(this.dataPageCount, position, address);
      const entry = encodeEntry({ address, content, destroyed: false });
      state.device.write(page, entry, (result) => done(result.ok ? { ok: true, address } : result));
    });
  }

  destroyObject(address: number, done: (result: StepResult) => void): void {
    const state = this.variedOn;
    if (state === undefined) return done({ ok: false, error: 'notVariedOn' });
    const page = this.directoryPage(state, address);
    if (page === undefined) return done({ ok: true });
    state.device.read(page, (read) => {
      if (!read.ok) return done(read);
      const entry = decodeEntry(read.token);
      // Defence in depth (the address): an entry in an owned block names its own address.
      if (entry === undefined || entry.address !== address || entry.destroyed) return done({ ok: true });
      state.device.write(page, encodeEntry({ ...entry, destroyed: true }), done);
    });
  }

  storePointer(slot: number, address: number, label: number, done: (result: StepResult) => void): void {
    assertIndex(label, LABEL_LIMIT, 'pointer label');
    assertIndex(POINTER_FIRST_PAGE + slot, this.sysasp.pageCount, 'pointer page');
    assert(slot >= 0, 'pointer slot is not negative', slot);
    this.sysasp.write(POINTER_FIRST_PAGE + slot, encodePointer({ address, epoch: this.pointerEpoch, label }), done);
  }

  /** Resolves the pointer in `slot` through the directory of the copy varied on. */
  resolve(slot: number, done: (resolution: Resolution) => void): void {
    const state = this.variedOn;
    if (state === undefined) return done({ kind: 'failed', error: 'notVariedOn' });
    assertIndex(POINTER_FIRST_PAGE + slot, this.sysasp.pageCount, 'pointer page resolved');
    assert(slot >= 0, 'pointer slot is not negative', slot);
    this.sysasp.read(POINTER_FIRST_PAGE + slot, (read) => {
      if (!read.ok) return done({ kind: 'failed', error: read.error });
      const pointer = decodePointer(read.token);
      if (pointer === undefined) return done({ kind: 'empty' });
      const { address, label } = pointer;
      const exhausted = this.pointerEpoch === EPOCH_EXHAUSTED;
      const invalidated = pointer.epoch < this.pointerEpoch || exhausted;
      if (this.policy.invalidatesOnNewCopy && invalidated) return done({ kind: 'notValid', address, label, why: 'epoch' });
      // Defence in depth: the lookup below goes through the owned list too; this names the reason.
      if (this.policy.checksOwnership && !state.owned.has(rangeOf(address))) return done({ kind: 'notValid', address, label, why: 'range' });
      // Without the ownership check a range this copy never owned has no directory block here: no entry.
      const page = this.directoryPage(state, address);
      if (page === undefined) return done({ kind: 'notValid', address, label, why: 'noEntry' });
      state.device.read(page, (entryRead) => {
        if (!entryRead.ok) return done({ kind: 'failed', error: entryRead.error });
        const entry = decodeEntry(entryRead.token);
        // Paired with createObject: an entry sits at the slot of the address it names.
        if (entry !== undefined) assert(entry.address % SLOTS_PER_RANGE === address % SLOTS_PER_RANGE, 'entry in a foreign slot');
        // Defence in depth (the address): an entry in an owned block names its own address.
        if (entry === undefined || entry.address !== address) return done({ kind: 'notValid', address, label, why: 'noEntry' });
        if (entry.destroyed) return done({ kind: 'destroyed', address, label });
        done({ kind: 'object', address, content: entry.content, label });
      });
    });
  }

  writePage(pageIndex: number, token: ContentToken, done: (result: StepResult) => void): void {
    const state = this.variedOn;
    if (state === undefined) return done({ ok: false, error: 'notVariedOn' });
    assertIndex(pageIndex, this.dataPageCount, 'application page written');
    state.device.write(DATA_FIRST_PAGE + pageIndex, token, done);
  }

  readPage(pageIndex: number, done: (result: PageReadResult) => void): void {
    const state = this.variedOn;
    if (state === undefined) return done({ ok: false, error: 'notVariedOn' });
    assertIndex(pageIndex, this.dataPageCount, 'application page read');
    state.device.read(DATA_FIRST_PAGE + pageIndex, done);
  }

  /** A save: one bulk read of the whole application data area; returns how many pages hold data. */
  saveRead(done: (result: { readonly ok: true; readonly pagesWithData: number } | { readonly ok: false; readonly error: SlsFailure }) => void): void {
    const state = this.variedOn;
    if (state === undefined) return done({ ok: false, error: 'notVariedOn' });
    state.device.readRange(DATA_FIRST_PAGE, this.dataPageCount, (result) => done(result.ok ? { ok: true, pagesWithData: result.content.length } : result));
  }

  /** The directory page of an address on the copy varied on, through its owned list; undefined if not owned. */
  private directoryPage(state: VariedOn, address: number): number | undefined {
    const position = state.owned.get(rangeOf(address));
    return position === undefined ? undefined : directoryPageAt(this.dataPageCount, position, address);
  }

  /** Persists the header as it is in memory now; `done` once a header at least this new has landed. */
  private persistHeader(state: VariedOn, done: (result: StepResult) => void): void {
    assert(state.headerWaiters.length < HEADER_WAITER_LIMIT, 'too many header writes wait');
    state.headerVersion += 1;
    state.headerWaiters.push({ version: state.headerVersion, done });
    this.writeHeader(state);
  }

  private writeHeader(state: VariedOn): void {
    if (state.headerWriting || state.headerLanded >= state.headerVersion) return;
    state.headerWriting = true;
    const version = state.headerVersion;
    state.device.write(IASP_HEADER_PAGE, encodeHeader(state.header), (result) => {
      state.headerWriting = false;
      if (result.ok) state.headerLanded = version;
      // Waiters up to this version: released once it landed, failed if it did not (the slot is never used).
      const settled = state.headerWaiters.filter((waiter) => waiter.version <= version);
      const waiting = state.headerWaiters.filter((waiter) => waiter.version > version);
      state.headerWaiters.length = 0;
      state.headerWaiters.push(...waiting);
      // Again only for a change asked after this write was issued: a failed write whose waiters were all told
      // is not retried (the next change persists the header), or a failed copy is written forever and a
      // vary-off waiting for the copy's requests to complete never completes.
      if (waiting.length > 0) this.writeHeader(state);
      for (const waiter of settled) waiter.done(result.ok ? { ok: true } : result);
    });
  }

  /**
   * Starts a new current range. Crash-safe under any completion order: the system counter (system-unique)
   * lands before the range is used, the owned-list entry lands before the header counts it, and no object
   * is placed in the range before that header landed (creates wait meanwhile).
   */
  private startRange(state: VariedOn, reason: RangeReason, done: (result: StepResult) => void): void {
    assert(state.rangeStartWaiters === undefined, 'two range starts at once');
    const header = state.header;
    let range: number;
    let persistCounterFirst = false;
    if (this.policy.rangeAtVaryOn === 'systemCounter') {
      if (this.systemCounter + 1 >= SYSTEM_RANGE_SPAN) return done({ ok: false, error: 'rangesExhausted' });
      range = this.systemNumber * SYSTEM_RANGE_SPAN + this.systemCounter + 1;
    } else {
      range = header.rangeCounter + 1;
      if (range > MAX_RANGE_ID) return done({ ok: false, error: 'rangesExhausted' });
    }
    // A range owned already (a counter handed out twice: the lazy flaw) keeps its block; a new one is appended.
    // Reached only under the flawed system-unique-lazy policy: its effect stays a foreign resolution.
    const known = state.owned.get(range);
    const position = known ?? header.ownedCount;
    if (position >= DIRECTORY_BLOCKS) return done({ ok: false, error: 'rangesExhausted' });
    if (this.policy.rangeAtVaryOn === 'systemCounter') {
      this.systemCounter += 1;
      if (this.policy.counterPersistedBeforeUse) persistCounterFirst = true;
      else this.counterDirty = true;
    }
    assert(range > 0, 'range 0 is never handed out');
    const waiters: (() => void)[] = [];
    state.rangeStartWaiters = waiters;
    state.startingRange = range;
    const finish = (result: StepResult): void => {
      assert(state.rangeStartWaiters === waiters, 'a range start finished twice');
      state.rangeStartWaiters = undefined;
      state.startingRange = 0;
      done(result);
      for (const waiter of waiters) waiter();
    };
    const commit = (): void => {
      const ownedCount = known === undefined ? header.ownedCount + 1 : header.ownedCount;
      const rangeCounter = Math.max(state.header.rangeCounter, range);
      state.header = { currentRange: range, nextSlot: 0, rangeCounter, ownedCount };
      state.owned.set(range, position);
      this.observer.rangeInUse({ system: this.systemName, copy: state.device.name, range, reason });
      this.persistHeader(state, finish);
    };
    const record = (): void => {
      if (known !== undefined) return commit();
      const listPage = RANGE_LIST_FIRST_PAGE + position;
      state.device.write(listPage, range + 1, (listed) => (listed.ok ? commit() : finish(listed)));
    };
    if (!persistCounterFirst) return record();
    const counter = this.systemCounter;
    this.sysasp.write(SYSASP_RANGE_COUNTER_PAGE, counter, (result) => (result.ok ? record() : finish(result)));
  }
}
