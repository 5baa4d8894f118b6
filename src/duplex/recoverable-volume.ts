// The narrow view of a duplexed volume that its online recovery works on. The volume implements it; the
// recovery imports only this, so the two files do not import each other.

import type { BlockDevice } from '../ports/block-device.js';
import type { Timer } from '../ports/timer.js';
import type { CopyIndex } from './copy-index.js';
import type { RecoveryPolicy } from './recovery-policy.js';
import type { RegionGate } from './region-gate.js';
import type { StatusEntry } from './status-entry.js';
import type { VolumeObserver } from './volume-observer.js';

/** inService: read and written. recovering: written, read only below its synced boundary. downLevel: neither. */
export type CopyMode = 'inService' | 'recovering' | 'downLevel';

export interface VolumeGeometry {
  /** Data pages of the volume; each device has one more page, page 0, for the status entry. */
  readonly pageCount: number;
  readonly regionPages: number;
  /** The volume's internal tables (its TOC) occupy its first pages; recovery copies them first, under a gate. */
  readonly tocPages: number;
  /** Pause between two region copies: the recovery priority (0 = as fast as the disks allow). */
  readonly pauseBetweenRegionsUs: number;
}

export interface RecoverableVolume {
  readonly devices: readonly [BlockDevice, BlockDevice];
  readonly geometry: VolumeGeometry;
  readonly timer: Timer;
  readonly policy: RecoveryPolicy;
  readonly observer: VolumeObserver;
  readonly gate: RegionGate;
  readonly modes: readonly [CopyMode, CopyMode];
  readonly status: readonly [StatusEntry, StatusEntry];
  /** Whether each copy's disk is known to hold its `status` entry (a failed status write leaves it unknown). */
  readonly statusPersisted: readonly [boolean, boolean];
  /** For a recovering copy: volume pages below this are synced. */
  syncedBelowPage: number;
  /** Changes a copy's mode; the volume asserts the transition is one the seed allows. */
  setMode(copy: CopyIndex, mode: CopyMode): void;
  writeStatus(copy: CopyIndex, entry: StatusEntry, done: (ok: boolean) => void): void;
  markDownLevel(copy: CopyIndex, reason: string, done: () => void): void;
}
