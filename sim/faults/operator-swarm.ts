// The operator swarm: per seed, a random sequence of operator actions with random parameters, legal or not,
// drawn from its own named stream and expanded into the explicit schedule (origin 'operator'), so a run
// replays it. The logic must refuse what is not allowed; a refusal is a count, never a violation.

import { InputError, assert } from '../errors.js';
import type { RandomStream } from '../kernel/random.js';
import { GEO_DEVICES } from '../world/geo-faults.js';
import type { ActionParams, ScheduledAction, WorldKind } from './action-kind.js';

export interface OperatorSwarmSpec {
  /** The world whose operator actions are drawn. */
  readonly world: WorldKind;
  /** Mean interval between operator actions, in µs. */
  readonly meanIntervalUs: number;
  /** Relative weight of each action kind drawn (whole numbers; keys are operator actions of the world). */
  readonly weights: Readonly<Record<string, number>>;
  /**
   * Scripted operators: the chance, in parts per million, that an action is followed at once by the next (as a
   * script runs its commands back to back), its interval then drawn with mean `scriptGapUs`. 0: never drawn.
   */
  readonly scriptedPpm?: number;
  readonly scriptGapUs?: number;
}

/** Bound on the scripted share: at 90% a run holds about ten times the rate's actions (checked at validation). */
export const MAX_SCRIPTED_PPM = 900_000;

type ParamDraw = (stream: RandomStream) => ActionParams;

/** The replacement of the target's copy is drawn most often: the others are beyond redundancy (skipped). */
const REPLACED_DEVICES = ['target.iasp', 'target.iasp', 'target.iasp', ...GEO_DEVICES] as const;

/** Each world's operator actions and how the swarm draws their parameters. */
export const OPERATOR_ACTIONS: Readonly<Record<WorldKind, Readonly<Record<string, ParamDraw>>>> = {
  geo: {
    detach: (stream) => ({ track: stream.chance(0.5) }),
    reattach: () => ({}),
    resume: () => ({}),
    varyOn: (stream) => ({ system: stream.pick(['production', 'target']), copy: stream.pick(['mirror', 'storage']) }),
    varyOff: (stream) => ({ system: stream.pick(['production', 'target']) }),
    storageCopy: () => ({}),
    switchover: () => ({}),
    failover: (stream) => ({ force: stream.chance(0.3) }),
    replaceDisk: (stream) => ({ device: stream.pick(REPLACED_DEVICES) }),
  },
  // forceRecovery follows the seed's operator path: forcing at random would skip the seed's preconditions
  // by design (recoveryPreconditions excuses forced recoveries), so the swarm forces only where the
  // persisted flags call for it and otherwise asks plainly.
  volume: {
    replaceDisk: (stream) => ({ copy: stream.integer(2) }),
    recover: () => ({}),
    forceRecovery: () => ({ when: 'operatorPath' }),
  },
};

export const OPERATORS_STREAM = 'operators.swarm';

/** Every action the world's swarm may draw, weight 1 each, in name order. */
export function defaultWeights(world: WorldKind): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const name of Object.keys(OPERATOR_ACTIONS[world]).sort()) weights[name] = 1;
  return weights;
}

/**
 * Draws the swarm's actions before `untilUs` (the liveness heal, or the run's end). Times, kinds and
 * parameters all come from one stream of their own, so the faults' streams are untouched by it.
 */
export function expandOperatorSwarm(
  spec: OperatorSwarmSpec,
  stream: RandomStream,
  untilUs: number,
  limit: number,
): ScheduledAction[] {
  const world = spec.world;
  const names = Object.keys(spec.weights).sort().filter((name) => spec.weights[name] > 0);
  assert(names.length > 0, 'an operator swarm needs at least one action with a positive weight');
  const totalWeight = names.reduce((sum, name) => sum + spec.weights[name], 0);
  assert(Number.isSafeInteger(totalWeight), `operator weights sum to ${totalWeight}`);
  const entries: ScheduledAction[] = [];
  const scriptedPpm = spec.scriptedPpm ?? 0;
  const scriptGapUs = spec.scriptGapUs ?? 0;
  assert(scriptedPpm >= 0 && scriptedPpm <= MAX_SCRIPTED_PPM, `operator scripted share ${scriptedPpm} ppm`);
  assert(scriptedPpm === 0 || scriptGapUs >= 1, `operator script gap ${scriptGapUs} us`);
  let scripted = false;
  let timeUs = 0;
  for (;;) {
    timeUs += Math.max(1, stream.exponentialUs(scripted ? scriptGapUs : spec.meanIntervalUs));
    if (timeUs >= untilUs) break;
    if (entries.length >= limit) {
      const value = `a rate giving over ${limit} operator actions`;
      throw new InputError([{ source: 'scenario', path: 'operators.rate', value, expected: 'a lower rate' }]);
    }
    let ticket = stream.integer(totalWeight);
    let chosen = names[0];
    for (const name of names) {
      ticket -= spec.weights[name];
      if (ticket < 0) {
        chosen = name;
        break;
      }
    }
    const drawParams = OPERATOR_ACTIONS[world][chosen];
    assert(drawParams !== undefined, `${chosen} is not an operator action of the ${world} world`);
    entries.push({ atUs: timeUs, action: chosen, origin: 'operator', params: drawParams(stream) });
    // Drawn only when scripts are on, so a swarm without them replays exactly as before they existed.
    scripted = scriptedPpm > 0 && stream.chance(scriptedPpm / 1_000_000);
  }
  return entries;
}
