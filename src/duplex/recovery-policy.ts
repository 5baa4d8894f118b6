// Recovery variants as policy objects (one implementation, flags for each deliberate flaw), so the oracle
// can be shown catching each flaw: `gated` is the seed's method; the others each drop one of its rules.

export interface RecoveryPolicy {
  readonly name: string;
  /** Hold a gate on each region while it is copied, so a concurrent write is never overwritten by older data. */
  readonly gateRegions: boolean;
  /** Flawed: let application reads come from the recovering copy, synced or not. */
  readonly readFromRecovering: boolean;
  /** Flawed: persist a region's checkpoint before the region is durable on the recovering copy. */
  readonly checkpointBeforeCopy: boolean;
  /** Refuse recovery when a previous one failed or neither copy says the other is down level. */
  readonly checkPreconditions: boolean;
}

const gated: RecoveryPolicy = { name: 'gated', gateRegions: true, readFromRecovering: false, checkpointBeforeCopy: false, checkPreconditions: true };

export const RECOVERY_POLICIES: Readonly<Record<string, RecoveryPolicy>> = {
  gated,
  ungated: { ...gated, name: 'ungated', gateRegions: false },
  'read-recovering': { ...gated, name: 'read-recovering', readFromRecovering: true },
  'checkpoint-early': { ...gated, name: 'checkpoint-early', checkpointBeforeCopy: true },
  unchecked: { ...gated, name: 'unchecked', checkPreconditions: false },
};
