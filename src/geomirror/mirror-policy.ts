// Mirroring variants as policy objects: `correct` follows DESIGN 4.3; each other one drops one rule on
// purpose, so that every mirroring invariant has a configuration the oracle is seen to catch.

export interface MirrorPolicy {
  readonly name: string;
  /** Hold a gate on each region while it is synchronised (a concurrent write waits). */
  readonly gateSyncRegions: boolean;
  /** Flawed when true: tracking forgets every fourth page it is asked to record. */
  readonly lossyTracking: boolean;
  /** Flawed when true: synchronous mode acknowledges a write once the production copy has it. */
  readonly acknowledgeBeforeMirror: boolean;
  /** Refuse promoting a suspended, detached or synchronizing copy unless forced. */
  readonly checkPromotion: boolean;
  /** Flawed when true: the mirror copy may be varied on while it is being synchronised. */
  readonly varyOnWhileSyncing: boolean;
}

const correct: MirrorPolicy = { name: 'correct', gateSyncRegions: true, lossyTracking: false, acknowledgeBeforeMirror: false, checkPromotion: true, varyOnWhileSyncing: false };

export const MIRROR_POLICIES: Readonly<Record<string, MirrorPolicy>> = {
  correct,
  'ungated-sync': { ...correct, name: 'ungated-sync', gateSyncRegions: false },
  'lossy-tracking': { ...correct, name: 'lossy-tracking', lossyTracking: true },
  'early-ack': { ...correct, name: 'early-ack', acknowledgeBeforeMirror: true },
  'unchecked-promotion': { ...correct, name: 'unchecked-promotion', checkPromotion: false },
  'vary-on-syncing': { ...correct, name: 'vary-on-syncing', varyOnWhileSyncing: true },
};
