// Address-range policies (DESIGN 4.2), as data: one single-level store reads these flags; no policy is a
// fork of the code. Three are flawed on purpose so the oracle can be seen catching each flaw.

export interface AddressPolicy {
  readonly name: string;
  /** How a vary-on picks the current range: keep the IASP's, take the IASP's counter + 1, or the system's own counter. */
  readonly rangeAtVaryOn: 'keep' | 'iaspCounter' | 'systemCounter';
  /** The system counter is persisted in the SYSASP before a range from it is used (else only at vary-off). */
  readonly counterPersistedBeforeUse: boolean;
  /** At a detach, production picks a fresh range for the mirror copy. */
  readonly assignsRangeAtDetach: boolean;
  /** Resolution accepts only addresses in ranges the copy varied on has owned. */
  readonly checksOwnership: boolean;
  /** On a reattach or a new copy, every pointer into the IASP stored before is invalid. */
  readonly invalidatesOnNewCopy: boolean;
}

const base = { counterPersistedBeforeUse: true, assignsRangeAtDetach: false, checksOwnership: false, invalidatesOnNewCopy: false } as const;

export const ADDRESS_POLICIES: Readonly<Record<string, AddressPolicy>> = {
  /** The seed's problem: one current range kept in the IASP, used by whichever copy is varied on. */
  'shared-range': { ...base, name: 'shared-range', rangeAtVaryOn: 'keep' },
  /** Each vary-on takes a new range from a counter kept in the IASP: two copies compute the same next range. */
  'iasp-counter': { ...base, name: 'iasp-counter', rangeAtVaryOn: 'iaspCounter' },
  /** Production gives the mirror copy a fresh range at detach: nothing does so for storage copies or failover. */
  'detach-assigned': { ...base, name: 'detach-assigned', rangeAtVaryOn: 'keep', assignsRangeAtDetach: true },
  /** The reconstructed method: ranges unique across systems and copies, counter persisted before use, ownership checked. */
  'system-unique': { ...base, name: 'system-unique', rangeAtVaryOn: 'systemCounter', checksOwnership: true },
  /** As system-unique, but the counter is persisted after use: a crash lets a range be handed out twice. */
  'system-unique-lazy': { ...base, name: 'system-unique-lazy', rangeAtVaryOn: 'systemCounter', checksOwnership: true, counterPersistedBeforeUse: false },
  /** Invalidate every pointer into the IASP on any reattach or new copy: safe, and maximally imprecise. */
  'invalidate-all': { ...base, name: 'invalidate-all', rangeAtVaryOn: 'keep', invalidatesOnNewCopy: true },
};
