// The observation port of a duplexed volume: what it reports as it goes (for logs on a real machine, for
// the oracle's bookkeeping and the charts under simulation). The volume never depends on what it is told back.

import type { CopyIndex } from './copy-index.js';

export type { CopyIndex } from './copy-index.js';

export interface VolumeObserver {
  copyDownLevel(copy: CopyIndex, reason: string): void;
  /** A down-level mark that could not be persisted was undone: the copy is back in service. */
  copyReinstated(copy: CopyIndex, reason: string): void;
  recoveryRefused(reason: string): void;
  recoveryStarted(details: { readonly forced: boolean; readonly good: CopyIndex; readonly recovering: CopyIndex; readonly fromRegion: number; readonly regionCount: number }): void;
  regionCopied(region: number, regionCount: number): void;
  recoveryFinished(outcome: { readonly ok: boolean; readonly reason: string }): void;
}

export const silentObserver: VolumeObserver = {
  copyDownLevel() {},
  copyReinstated() {},
  recoveryRefused() {},
  recoveryStarted() {},
  regionCopied() {},
  recoveryFinished() {},
};
