// The single-level store of one system (seed 000): an IASP copy varied on, objects created at addresses of
// its current range with their directory entries in IASP pages, pointers stored in SYSASP pages, and
// pointer resolution through the directory of the copy varied on. All state is in pages; the in-memory
// part is a cache rebuilt at vary-on, so a crash loses nothing that was persisted.

import { assert, assertIndex } from '../assert.js';
import type { BlockDevice, ContentToken, IoError } from '../ports/block-device.js';
import type { AddressPolicy } from './address-policy.js';
import {
  CONTENT_LIMIT, DATA_FIRST_PAGE, EPOCH_SPAN, IASP_HEADER_PAGE, type IaspHeader, LABEL_LIMIT, MAX_RANGE_ID,
  POINTER_FIRST_PAGE,
  RANGE_LIST_FIRST_PAGE, RANGE_LIST_PAGES, SLOTS_PER_RANGE, SYSASP_POINTER_EPOCH_PAGE, SYSASP_RANGE_COUNTER_PAGE, SYSTEM_RANGE_SPAN,
  addressOf, decodeEntry, decodeHeader, decodePointer, directoryBlockOf, directoryPageOf, encodeEntry, encodeHeader, encodePointer, rangeOf,
} from './iasp-layout.js';
import type { RangeReason, SlsObserver } from './sls-observer.js';

export type SlsFailure = IoError | 'notVariedOn' | 'rangesExhausted';
export type CreateResult = { readonly ok: true; readonly address: number } | { readonly ok: false; readonly error: SlsFailure };
export type StepResult = { readonly ok: true } | { readonly ok: false; readonly error: SlsFailure };
export type PageReadResult = { readonly ok: true; readonly token: ContentToken } | { readonly ok: false; readonly error: SlsFailure };

/** What a pointer resolved to: an object (its content), or one of the detectable errors. */
export type Resolution =
  | { readonly kind: 'object'; readonly address: number; readonly content: number; readonly label: number }
  | { readonly kind: 'destroyed'; readonly address: number; readonly label: number }
  | { readonly kind: 'notValid'; readonly address: number; readonly label: number; readonly why: 'epoch' | 'range' | 'noEntry' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'failed'; readonly error: SlsFailure };

interface VariedOn {
  readonly device: BlockDevice;
  header: IaspHeader;
  readonly owned: Set<number>;
}

export class SingleLevelStore {
  private variedOn: VariedOn | undefined;
  /** The system's range counter (system-unique policies); `counterDirty` when not yet persisted (the lazy flaw). */
  private systemCounter = 0;
  private counterDirty = false;
  private pointerEpoch = 0;
  private opened = false;

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
    if (!this.opened || this.variedOn !== undefined) return done({ ok: false, error: 'notVariedOn' });
    device.read(IASP_HEADER_PAGE, (headerRead) => {
      if (!headerRead.ok) return done(headerRead);
      const header = decodeHeader(headerRead.token);
      const ownedCount = header?.ownedCount ?? 0;
      const finish = (owned: Set<number>): void => {
        const state: VariedOn = { device, header: header ?? { currentRange: 0, nextSlot: 0, rangeCounter: 0, ownedCount: 0 }, owned };
        this.variedOn = state;
        if (header === undefined || header.currentRange === 0) return this.startRange(state, 'initial', done);
        switch (this.policy.rangeAtVaryOn) {
          case 'keep':
            this.observer.rangeInUse({ system: this.systemName, copy: device.name, range: header.currentRange, reason: 'kept' });
            return done({ ok: true });
          case 'iaspCounter':
            return this.startRange(state, 'iaspCounter', done);
          case 'systemCounter':
            return this.startRange(state, 'systemCounter', done);
        }
      };
      if (ownedCount === 0) return finish(new Set());
      device.readRange(RANGE_LIST_FIRST_PAGE, ownedCount, (list) => {
        if (!list.ok) return done(list);
        const owned = new Set(list.content.map(([, token]) => token - 1));
        // A crash may lose a list write whose header landed, never the other way round: at most ownedCount.
        assert(owned.size <= ownedCount, 'more owned ranges listed than the header counts', owned.size);
        for (const range of owned) assertIndex(range, MAX_RANGE_ID + 1, 'owned range read from the list');
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
    const range = state.header.rangeCounter + 1;
    if (range > MAX_RANGE_ID) return undefined;
    assert(range !== state.header.currentRange, 'detach gives away production\'s current range', range);
    // Production skips past it so it never uses the range it gave away.
    state.header = { ...state.header, rangeCounter: range };
    state.device.write(IASP_HEADER_PAGE, encodeHeader(state.header), () => {});
    return range;
  }

  /** The mirror side of detach-assigned: makes `range` the current range of a (not varied-on) copy's header. */
  static assignRange(device: BlockDevice, range: number, done: (result: StepResult) => void): void {
    assertIndex(range, MAX_RANGE_ID + 1, 'range assigned at detach');
    assert(range > 0, 'range 0 is never assigned');
    device.read(IASP_HEADER_PAGE, (read) => {
      if (!read.ok) return done(read);
      const header = decodeHeader(read.token) ?? { currentRange: 0, nextSlot: 0, rangeCounter: 0, ownedCount: 0 };
      if (header.ownedCount >= RANGE_LIST_PAGES) return done({ ok: false, error: 'rangesExhausted' });
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
    assert(this.pointerEpoch + 1 < EPOCH_SPAN, 'pointer epochs exhausted', this.pointerEpoch);
    this.pointerEpoch += 1;
    this.observer.pointersInvalidated({ system: this.systemName, epoch: this.pointerEpoch });
    this.sysasp.write(SYSASP_POINTER_EPOCH_PAGE, this.pointerEpoch, done);
  }

  createObject(content: number, done: (result: CreateResult) => void): void {
    const state = this.variedOn;
    if (state === undefined) return done({ ok: false, error: 'notVariedOn' });
    assert(Number.isSafeInteger(content), 'object content is an integer', content);
    assert(content > 0, 'object content is positive', content);
    assert(content < CONTENT_LIMIT, `object content is below ${CONTENT_LIMIT}`, content);
    const place = (): void => {
      assert(state.header.currentRange > 0, 'an object is placed in range 0');
      assert(this.variedOn === state, 'an object is placed on a copy no longer varied on');
      const address = addressOf(state.header.currentRange, state.header.nextSlot);
      state.header = { ...state.header, nextSlot: state.header.nextSlot + 1 };
      // The header (next slot) is written before the entry, so a crash never hands the slot out twice.
      state.device.write(IASP_HEADER_PAGE, encodeHeader(state.header), () => {});
      state.device.write(this.directoryPage(address), encodeEntry({ address, content, destroyed: false }), (result) => done(result.ok ? { ok: true, address } : result));
    };
    if (state.header.nextSlot < SLOTS_PER_RANGE) return place();
    this.startRange(state, 'rangeFull', (started) => (started.ok ? place() : done(started)));
  }

  destroyObject(address: number, done: (result: StepResult) => void): void {
    const state = this.variedOn;
    if (state === undefined) return done({ ok: false, error: 'notVariedOn' });
    const page = this.directoryPage(address);
    state.device.read(page, (read) => {
      if (!read.ok) return done(read);
      const entry = decodeEntry(read.token);
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
      if (this.policy.invalidatesOnNewCopy && pointer.epoch < this.pointerEpoch) return done({ kind: 'notValid', address, label, why: 'epoch' });
      if (this.policy.checksOwnership && !state.owned.has(rangeOf(address))) return done({ kind: 'notValid', address, label, why: 'range' });
      state.device.read(this.directoryPage(address), (entryRead) => {
        if (!entryRead.ok) return done({ kind: 'failed', error: entryRead.error });
        const entry = decodeEntry(entryRead.token);
        // Paired with createObject: an entry sits in the directory page of the address it names.
        const pageOfEntry = entry === undefined ? undefined : this.directoryPage(entry.address);
        if (pageOfEntry !== undefined) assert(pageOfEntry === this.directoryPage(address), 'entry in a foreign page');
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

  private directoryPage(address: number): number {
    return directoryPageOf(this.dataPageCount, address);
  }

  /** Starts a new current range, recorded in the copy's owned-range list and header before any object uses it. */
  private startRange(state: VariedOn, reason: RangeReason, done: (result: StepResult) => void): void {
    const header = state.header;
    if (header.ownedCount >= RANGE_LIST_PAGES) return done({ ok: false, error: 'rangesExhausted' });
    let range: number;
    let persistCounterFirst = false;
    if (this.policy.rangeAtVaryOn === 'systemCounter') {
      if (this.systemCounter + 1 >= SYSTEM_RANGE_SPAN) return done({ ok: false, error: 'rangesExhausted' });
      this.systemCounter += 1;
      range = this.systemNumber * SYSTEM_RANGE_SPAN + this.systemCounter;
      if (this.policy.counterPersistedBeforeUse) persistCounterFirst = true;
      else this.counterDirty = true;
    } else {
      range = header.rangeCounter + 1;
      if (range > MAX_RANGE_ID) return done({ ok: false, error: 'rangesExhausted' });
    }
    // Two owned ranges must not share a directory block, or their entries would overwrite each other.
    for (const owned of state.owned) if (owned !== range && directoryBlockOf(owned) === directoryBlockOf(range)) return done({ ok: false, error: 'rangesExhausted' });
    assert(range > 0, 'range 0 is never handed out');
    state.header = { currentRange: range, nextSlot: 0, rangeCounter: Math.max(header.rangeCounter, range), ownedCount: header.ownedCount + 1 };
    state.owned.add(range);
    this.observer.rangeInUse({ system: this.systemName, copy: state.device.name, range, reason });
    const record = (): void => {
      state.device.write(RANGE_LIST_FIRST_PAGE + header.ownedCount, range + 1, () => {});
      state.device.write(IASP_HEADER_PAGE, encodeHeader(state.header), (result) => done(result.ok ? { ok: true } : result));
    };
    if (!persistCounterFirst) return record();
    this.sysasp.write(SYSASP_RANGE_COUNTER_PAGE, this.systemCounter, (result) => (result.ok ? record() : done(result)));
  }
}
