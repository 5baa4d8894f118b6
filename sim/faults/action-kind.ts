// What a scheduled action is: an operator step or an injected fault, with validated parameters, an optional
// way to draw it at random (for rate-driven faults), and what it does to the world when its time comes.

import type { RandomStream } from '../kernel/random.js';
import type { Field } from '../scenario/schema.js';

export type ActionParams = Record<string, unknown>;

/** Where an expanded action came from ('operator': drawn by the operator swarm). */
export type ActionOrigin = 'schedule' | 'random' | 'operator' | 'liveness';

/** The worlds a scenario can build: a duplexed volume (seed 003) or two systems (seed 000). */
export type WorldKind = 'volume' | 'geo';

/** A parameter that does not fit the scenario's world: which field, and what that world expects there. */
export interface WorldMisfit {
  readonly field: string;
  readonly expected: string;
}

/** One entry of a run's explicit, ordered fault schedule: part of every result, replayable and editable. */
export interface ScheduledAction {
  readonly atUs: number;
  readonly action: string;
  readonly origin: ActionOrigin;
  readonly params: ActionParams;
}

/** The world an action acts on; each world module narrows it. */
export interface ActionTarget {
  /** Ends every injected fault (the start of the liveness phase). */
  heal(): void;
  /** Writes a note into the trace and the result. */
  note(message: string): void;
}

export interface ActionKind<Target extends ActionTarget = ActionTarget> {
  readonly name: string;
  readonly summary: string;
  /** Parameter fields beside `at` and `action` in a scenario's `faults.schedule` entry. */
  readonly fields: Record<string, Field<unknown>>;
  /** Present for kinds that may occur at random rates: draws the parameters of one occurrence. */
  readonly draw?: (stream: RandomStream, topology: unknown) => ActionParams;
  /** The worlds it acts on; absent: any world, even one with neither section (notes, test actions). */
  readonly worlds?: readonly WorldKind[];
  /** Checks parameters against the scenario's worlds (a field that world does not have, or lacks). */
  readonly fitsWorld?: (params: ActionParams, worlds: readonly WorldKind[]) => WorldMisfit | undefined;
  apply(target: Target, params: ActionParams): void;
}

export type ActionCatalog = Readonly<Record<string, ActionKind<any>>>;
