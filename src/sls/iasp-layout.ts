// Where the single-level store keeps things: the IASP's pages (header, owned-range list, application data,
// object directory) and the SYSASP's pages (address-range counter, pointer epoch, pointers). Every piece
// of state lives in a page, so mirroring, resync and crashes act on it like on any other page.

import { assert, assertIndex, assertSafeCount } from '../assert.js';
import type { ContentToken } from '../ports/block-device.js';

/** Addresses: a range identifier times the slots per range, plus the slot. */
export const SLOTS_PER_RANGE = 1024;
export const MAX_RANGE_ID = 2 ** 15 - 1;
/**
 * System-unique ranges: the allocating system's number in the high part, its counter below. A documented
 * capacity: a system's counter hands out SYSTEM_RANGE_SPAN - 1 ranges (4,095 vary-ons or full ranges) over
 * the life of its SYSASP; the next range start is refused (rangesExhausted), never wrapped.
 */
export const SYSTEM_RANGE_SPAN = 2 ** 12;

// IASP pages.
export const IASP_HEADER_PAGE = 0;
export const RANGE_LIST_FIRST_PAGE = 1;
export const RANGE_LIST_PAGES = 1023;
export const DATA_FIRST_PAGE = 1024;
/**
 * Directory entries: one page per address, in blocks of one range each. A range's block is its position in
 * the copy's owned-range list (ranges never leave the list), so no two owned ranges ever share a block and
 * the block of an address is found through the copy's own list. An entry also names its address, so a
 * page that holds another range's entry (after a partial synchronisation) is told apart.
 * A documented capacity: a copy owns at most DIRECTORY_BLOCKS ranges (every vary-on under system-unique
 * starts one, as does every full range): the range start past it is refused (rangesExhausted, a refused
 * vary-on or a failed create, both counted), so DIRECTORY_BLOCKS * SLOTS_PER_RANGE objects per copy. The
 * page count stays modest because a full synchronisation copies every region, written or not.
 */
export const DIRECTORY_BLOCKS = 192;
export const DIRECTORY_PAGES = DIRECTORY_BLOCKS * SLOTS_PER_RANGE;

/** The page holding the directory entry of an address whose range sits at `position` in the owned list. */
export function directoryPageAt(dataPageCount: number, position: number, address: number): number {
  assertIndex(position, DIRECTORY_BLOCKS, 'owned-list position of a range');
  return directoryFirstPage(dataPageCount) + position * SLOTS_PER_RANGE + (address % SLOTS_PER_RANGE);
}

/**
 * The directory page of `address` on a copy, found through that copy's header and owned-range list as
 * `peek` reads them (for an observer with its own eyes), or undefined when the copy does not own its range.
 */
export function directoryPageOn(dataPageCount: number, address: number, peek: (pageIndex: number) => ContentToken): number | undefined {
  const ownedCount = Math.min(decodeHeader(peek(IASP_HEADER_PAGE))?.ownedCount ?? 0, DIRECTORY_BLOCKS);
  const listed = rangeOf(address) + 1;
  for (let position = 0; position < ownedCount; position += 1) {
    if (peek(RANGE_LIST_FIRST_PAGE + position) === listed) return directoryPageAt(dataPageCount, position, address);
  }
  return undefined;
}

export function directoryFirstPage(dataPageCount: number): number {
  return DATA_FIRST_PAGE + dataPageCount;
}

export function iaspPageCount(dataPageCount: number): number {
  return directoryFirstPage(dataPageCount) + DIRECTORY_PAGES;
}

// SYSASP pages.
export const SYSASP_RANGE_COUNTER_PAGE = 0;
export const SYSASP_POINTER_EPOCH_PAGE = 1;
export const SYSASP_MIRROR_STATE_PAGE = 2;
export const SYSASP_MIRROR_TARGET_STATE_PAGE = 3;
export const POINTER_FIRST_PAGE = 16;

export function sysaspPageCount(pointerSlots: number): number {
  return POINTER_FIRST_PAGE + pointerSlots;
}

/** The IASP header: the current range, the next free slot in it, the IASP's range counter and how many ranges it owns. */
export interface IaspHeader {
  readonly currentRange: number;
  readonly nextSlot: number;
  readonly rangeCounter: number;
  readonly ownedCount: number;
}

const SLOT_SPAN = SLOTS_PER_RANGE + 1;
const OWNED_SPAN = RANGE_LIST_PAGES + 1; // 1,024
const RANGE_SPAN = MAX_RANGE_ID + 1;

export function encodeHeader(header: IaspHeader): ContentToken {
  assertHeader(header);
  const ranges = header.rangeCounter * RANGE_SPAN + header.currentRange;
  const token = (ranges * OWNED_SPAN + header.ownedCount) * SLOT_SPAN + header.nextSlot + 1;
  assertSafeCount(token, 'header token');
  assert(sameHeader(decodeHeader(token), header), 'an IASP header survives its encoding');
  return token;
}

/** Field bounds of a header, checked when it is written and again when it is read. */
export function assertHeader(header: IaspHeader): void {
  assertIndex(header.nextSlot, SLOTS_PER_RANGE + 1, 'header next slot');
  assertIndex(header.ownedCount, OWNED_SPAN, 'header owned-range count');
  assertIndex(header.currentRange, RANGE_SPAN, 'header current range');
  assertIndex(header.rangeCounter, RANGE_SPAN, 'header range counter');
  assert(header.currentRange <= header.rangeCounter, 'the current range was counted', header.currentRange);
}

function sameHeader(decoded: IaspHeader | undefined, header: IaspHeader): boolean {
  if (decoded === undefined) return false;
  return decoded.currentRange === header.currentRange && decoded.nextSlot === header.nextSlot
    && decoded.rangeCounter === header.rangeCounter && decoded.ownedCount === header.ownedCount;
}

export function decodeHeader(token: ContentToken): IaspHeader | undefined {
  if (token === 0) return undefined;
  assertSafeCount(token, 'header token read');
  let value = token - 1;
  const nextSlot = value % SLOT_SPAN;
  value = Math.floor(value / SLOT_SPAN);
  const ownedCount = value % OWNED_SPAN;
  value = Math.floor(value / OWNED_SPAN);
  const currentRange = value % RANGE_SPAN;
  const header = { currentRange, rangeCounter: Math.floor(value / RANGE_SPAN), ownedCount, nextSlot };
  assertHeader(header);
  return header;
}

/** A directory entry: the object's address, the content its creator gave it, and whether it was destroyed. */
export interface DirectoryEntry {
  readonly address: number;
  readonly content: number;
  readonly destroyed: boolean;
}

const ADDRESS_SPAN = 2 ** 28;
/** Object content (what the application stored in it) fits below this. */
export const CONTENT_LIMIT = 2 ** 23;

export function encodeEntry(entry: DirectoryEntry): ContentToken {
  assertIndex(entry.address, ADDRESS_SPAN, 'entry address');
  assertIndex(entry.content, CONTENT_LIMIT, 'entry content');
  const token = ((entry.content * ADDRESS_SPAN + entry.address) * 2 + (entry.destroyed ? 1 : 0)) + 1;
  assertSafeCount(token, 'entry token');
  const decoded = decodeEntry(token);
  assert(decoded !== undefined && decoded.address === entry.address, 'an entry keeps its address through encoding');
  assert(decoded.content === entry.content, 'an entry keeps its content through encoding');
  assert(decoded.destroyed === entry.destroyed, 'an entry keeps its destroyed flag through encoding');
  return token;
}

export function decodeEntry(token: ContentToken): DirectoryEntry | undefined {
  if (token === 0) return undefined;
  assertSafeCount(token, 'entry token read');
  const value = token - 1;
  const destroyed = value % 2 === 1;
  const rest = Math.floor(value / 2);
  const entry = { address: rest % ADDRESS_SPAN, content: Math.floor(rest / ADDRESS_SPAN), destroyed };
  assertIndex(entry.content, CONTENT_LIMIT, 'entry content read');
  return entry;
}

/** A stored pointer: the address, the pointer epoch it was stored in, and an opaque label from the application. */
export interface StoredPointer {
  readonly address: number;
  readonly epoch: number;
  readonly label: number;
}

export const EPOCH_SPAN = 64;
/**
 * A documented capacity (invalidate-all): 62 invalidations. The last epoch marks them used up: from then on
 * every pointer resolves not valid (safe, and shown as such), and a further invalidation is refused.
 */
export const EPOCH_EXHAUSTED = EPOCH_SPAN - 1;
export const LABEL_LIMIT = 2 ** 18;

export function encodePointer(pointer: StoredPointer): ContentToken {
  assertIndex(pointer.address, ADDRESS_SPAN, 'pointer address');
  // The epoch is a capacity, asserted rather than wrapped: a wrapped epoch would make old pointers valid again.
  assertIndex(pointer.epoch, EPOCH_SPAN, 'pointer epoch');
  assertIndex(pointer.label, LABEL_LIMIT, 'pointer label');
  const token = ((pointer.label * EPOCH_SPAN + pointer.epoch) * ADDRESS_SPAN + pointer.address) + 1;
  assertSafeCount(token, 'pointer token');
  const decoded = decodePointer(token);
  assert(decoded !== undefined && decoded.address === pointer.address, 'a pointer keeps its address through encoding');
  assert(decoded.epoch === pointer.epoch, 'a pointer keeps its epoch through encoding');
  assert(decoded.label === pointer.label, 'a pointer keeps its label through encoding');
  return token;
}

export function decodePointer(token: ContentToken): StoredPointer | undefined {
  if (token === 0) return undefined;
  assertSafeCount(token, 'pointer token read');
  const value = token - 1;
  const address = value % ADDRESS_SPAN;
  const rest = Math.floor(value / ADDRESS_SPAN);
  const pointer = { address, epoch: rest % EPOCH_SPAN, label: Math.floor(rest / EPOCH_SPAN) };
  assertIndex(pointer.label, LABEL_LIMIT, 'pointer label read');
  return pointer;
}

export function rangeOf(address: number): number {
  assertIndex(address, ADDRESS_SPAN, 'address');
  return Math.floor(address / SLOTS_PER_RANGE);
}

export function addressOf(range: number, slot: number): number {
  assertIndex(range, MAX_RANGE_ID + 1, 'range of an address');
  assertIndex(slot, SLOTS_PER_RANGE, 'slot of an address');
  return range * SLOTS_PER_RANGE + slot;
}
