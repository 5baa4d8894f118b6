// A copy's persisted status entry, the seed's SYSTOC flags, kept in page 0 of the copy's own disk so that
// crashes act on it: down level, other copy down level, recovery in progress, previous recovery failed,
// plus the recovery checkpoint (the first region not yet known to be durable on this copy).

import { assert, assertSafeCount } from '../assert.js';
import type { ContentToken } from '../ports/block-device.js';

export interface StatusEntry {
  /** This copy is down level: it missed writes and must not be read. */
  readonly thisDownLevel: boolean;
  /** The other copy is down level: this copy is the good one. */
  readonly otherDownLevel: boolean;
  readonly recoveryInProgress: boolean;
  readonly recoveryFailed: boolean;
  /** Set when the volume is opened; found set at the next open, it means the stop was unclean. */
  readonly inUse: boolean;
  /** Regions below this index are durable on this copy (meaningful while recovery is in progress). */
  readonly checkpointRegion: number;
}

export const STATUS_PAGE = 0;
export const CLEAN_STATUS: StatusEntry = { thisDownLevel: false, otherDownLevel: false, recoveryInProgress: false, recoveryFailed: false, inUse: false, checkpointRegion: 0 };

const THIS_DOWN_LEVEL = 1;
const OTHER_DOWN_LEVEL = 2;
const RECOVERY_IN_PROGRESS = 4;
const RECOVERY_FAILED = 8;
const IN_USE = 16;
const FLAG_SPAN = 32;
/** Marks a token as a status entry so a never-written page (0) reads as a clean entry. */
const STATUS_MARK = 1;
/** Largest checkpoint region a token can carry as a safe integer. */
export const MAX_CHECKPOINT_REGION = Math.floor(Number.MAX_SAFE_INTEGER / (FLAG_SPAN * 2)) - 1;

export function encodeStatus(entry: StatusEntry): ContentToken {
  assertSafeCount(entry.checkpointRegion, 'checkpoint region');
  const fits = entry.checkpointRegion <= MAX_CHECKPOINT_REGION;
  assert(fits, 'checkpoint region fits a status token', entry.checkpointRegion);
  const flags = (entry.thisDownLevel ? THIS_DOWN_LEVEL : 0) | (entry.otherDownLevel ? OTHER_DOWN_LEVEL : 0)
    | (entry.recoveryInProgress ? RECOVERY_IN_PROGRESS : 0) | (entry.recoveryFailed ? RECOVERY_FAILED : 0) | (entry.inUse ? IN_USE : 0);
  const token = ((entry.checkpointRegion * FLAG_SPAN + flags) * 2) + STATUS_MARK;
  assertSafeCount(token, 'status token');
  assert(sameStatus(decodeStatus(token), entry), 'a status entry survives its encoding');
  return token;
}

export function decodeStatus(token: ContentToken): StatusEntry {
  if (token === 0) return CLEAN_STATUS;
  // Paired with encodeStatus: what is read from page 0 must be a status token, nothing else.
  assertSafeCount(token, 'status token read');
  assert(token % 2 === STATUS_MARK, 'page 0 holds a status token', token);
  const value = Math.floor(token / 2);
  const flags = value % FLAG_SPAN;
  return {
    thisDownLevel: (flags & THIS_DOWN_LEVEL) !== 0,
    otherDownLevel: (flags & OTHER_DOWN_LEVEL) !== 0,
    recoveryInProgress: (flags & RECOVERY_IN_PROGRESS) !== 0,
    recoveryFailed: (flags & RECOVERY_FAILED) !== 0,
    inUse: (flags & IN_USE) !== 0,
    checkpointRegion: Math.floor(value / FLAG_SPAN),
  };
}

export function sameStatus(first: StatusEntry, second: StatusEntry): boolean {
  return first.thisDownLevel === second.thisDownLevel && first.otherDownLevel === second.otherDownLevel
    && first.recoveryInProgress === second.recoveryInProgress && first.recoveryFailed === second.recoveryFailed
    && first.inUse === second.inUse && first.checkpointRegion === second.checkpointRegion;
}

export function describeStatus(entry: StatusEntry): string {
  const flags = [
    entry.thisDownLevel && 'this copy down level',
    entry.otherDownLevel && 'other copy down level',
    entry.recoveryInProgress && `recovery in progress (checkpoint region ${entry.checkpointRegion})`,
    entry.recoveryFailed && 'previous recovery failed',
  ].filter(Boolean);
  return flags.length === 0 ? 'clean' : flags.join(', ');
}
