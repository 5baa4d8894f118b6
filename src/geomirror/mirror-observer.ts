// What geographic mirroring tells the world: state changes, synchronisation plans and progress, promotions.
// For the oracle and the result's timeline; nothing flows back to the logic through it.

export type SourceState = 'active' | 'suspended' | 'detached' | 'synchronizing';

export interface MirrorObserver {
  sourceState(state: SourceState, reason: string): void;
  /** A synchronisation starts: every page it will copy (`null` pages: the whole IASP). */
  syncPlanned(plan: { readonly full: boolean; readonly pages: readonly number[] | null; readonly fromRegion: number; readonly regionCount: number }): void;
  syncProgress(regionsDone: number, regionCount: number): void;
  syncCompleted(): void;
  /** The target copy was varied on while its data was in the given state. */
  targetVariedOn(state: 'detached' | 'promoted' | 'mirroring'): void;
  promotion(event: { readonly forced: boolean; readonly allowed: boolean; readonly targetState: string; readonly mayLose: string }): void;
}
