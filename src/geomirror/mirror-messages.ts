// The messages geographic mirroring sends between the source (production) and target (mirror) systems.

import type { RangeContent } from '../ports/block-device.js';

export type MirrorMessage =
  /** A page write to replicate; acknowledged cumulatively by sequence number. */
  | { readonly kind: 'write'; readonly seq: number; readonly pageIndex: number; readonly token: number }
  /** Every write up to `seq` the target received has landed on the mirror copy (none failed). */
  | { readonly kind: 'ack'; readonly seq: number }
  /** The target could not land write `seq` (its disk failed, or kept failing): the copy is not in step. */
  | { readonly kind: 'writeFailed'; readonly seq: number }
  /**
   * The source stopped waiting for every write up to `seq` (it tracks their pages for a synchronisation): the
   * target may acknowledge past a failed write again. Sent after a writeFailed and on every reconnection.
   */
  | { readonly kind: 'writesForgotten'; readonly seq: number }
  /** One region (or part) of a synchronisation: the target makes those pages hold exactly `content`. */
  | { readonly kind: 'syncRange'; readonly step: number; readonly firstPage: number; readonly pageCount: number; readonly content: RangeContent }
  | { readonly kind: 'syncAck'; readonly step: number; readonly ok: boolean }
  | { readonly kind: 'syncStarted'; readonly full: boolean }
  | { readonly kind: 'syncDone' }
  /**
   * The source's mirroring state, sent at every change and on every reconnection: the target's view of "in step".
   * `notice` grows with every one sent; the target answers each state but active with `sourceStateSeen`.
   */
  | {
    readonly kind: 'sourceState'; readonly state: 'active' | 'suspended' | 'detached' | 'synchronizing';
    readonly notice: number;
  }
  /** The target heard source state `notice` (and every earlier one): it no longer counts itself in step. */
  | { readonly kind: 'sourceStateSeen'; readonly notice: number }
  /** The mirror copy is detached for use on the target; `assignRange` under detach-assigned. */
  | { readonly kind: 'detach'; readonly track: boolean; readonly assignRange: number | undefined }
  /** Production asks to reattach; the target answers with the pages it changed (or null: unknown, sync all). */
  | { readonly kind: 'reattach' }
  | { readonly kind: 'reattachReply'; readonly refused: boolean; readonly changedPages: readonly number[] | null };

/** Rough size on the wire, for the link's bandwidth. */
export function messageBytes(message: MirrorMessage): number {
  switch (message.kind) {
    case 'write':
      return 4096 + 64;
    case 'syncRange':
      return 64 + message.content.length * 4096;
    case 'reattachReply':
      return 64 + (message.changedPages?.length ?? 0) * 8;
    default:
      return 64;
  }
}
