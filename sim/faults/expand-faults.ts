// Expands a scenario's faults into one explicit, ordered schedule: the timed actions it lists, random
// faults drawn from rates (each kind from its own stream), and swarm mode's per-seed choice of kinds.

import { InputError, assert } from '../errors.js';
import { RandomStreams } from '../kernel/random.js';
import type { ActionCatalog, ScheduledAction } from './action-kind.js';
import { OPERATORS_STREAM, type OperatorSwarmSpec, expandOperatorSwarm } from './operator-swarm.js';

export interface FaultSpec {
  readonly schedule: readonly { readonly atUs: number; readonly action: string; readonly params: Record<string, unknown> }[];
  /** Mean interval between random occurrences of each kind, in µs. */
  readonly randomIntervalUs: Readonly<Record<string, number>>;
  readonly swarm: boolean;
  /** The operator swarm, when the scenario asks for one (`operators: { swarm: true, ... }`). */
  readonly operators?: OperatorSwarmSpec;
}

/** What swarm mode drew for one seed: each random kind on or off, and its effective mean interval. */
export type SwarmDraw = Record<string, { readonly enabled: boolean; readonly meanIntervalUs: number }>;

export interface ExpandedFaults {
  readonly schedule: ScheduledAction[];
  readonly swarm: SwarmDraw | null;
}

export interface ExpandOptions {
  readonly seed: string;
  /** Random faults stop here (the liveness heal time, or the run's end). */
  readonly randomUntilUs: number;
  /** When set, a `heal` action is added at this time. */
  readonly healAtUs?: number;
  readonly topology: unknown;
  readonly catalog: ActionCatalog;
  /** Bound on random occurrences per kind, so a mistyped rate cannot exhaust memory. */
  readonly maxRandomPerKind?: number;
}

export const DEFAULT_MAX_RANDOM_PER_KIND = 100_000;
const ORIGIN_ORDER = { schedule: 0, random: 1, operator: 2, liveness: 3 } as const;

export function expandFaults(spec: FaultSpec, options: ExpandOptions): ExpandedFaults {
  const streams = new RandomStreams(options.seed);
  const entries: ScheduledAction[] = spec.schedule.map((entry) => ({ atUs: entry.atUs, action: entry.action, origin: 'schedule', params: entry.params }));
  const kinds = Object.keys(spec.randomIntervalUs).sort();
  const swarm = spec.swarm ? drawSwarm(kinds, spec.randomIntervalUs, streams) : null;
  const limit = options.maxRandomPerKind ?? DEFAULT_MAX_RANDOM_PER_KIND;
  for (const name of kinds) {
    const kind = options.catalog[name];
    assert(kind?.draw !== undefined, `random fault kind ${name} cannot be drawn`);
    const meanIntervalUs = swarm ? swarm[name].meanIntervalUs : spec.randomIntervalUs[name];
    if (swarm && !swarm[name].enabled) continue;
    const stream = streams.stream(`faults.random.${name}`);
    let timeUs = 0;
    let count = 0;
    for (;;) {
      timeUs += Math.max(1, stream.exponentialUs(meanIntervalUs));
      if (timeUs >= options.randomUntilUs) break;
      count += 1;
      if (count > limit) {
        throw new InputError([{ source: 'scenario', path: `faults.random.${name}`, value: `a rate giving over ${limit} faults in the run`, expected: 'a lower rate' }]);
      }
      entries.push({ atUs: timeUs, action: name, origin: 'random', params: kind.draw(stream, options.topology) });
    }
  }
  if (spec.operators !== undefined) {
    entries.push(...expandOperatorSwarm(spec.operators, streams.stream(OPERATORS_STREAM), options.randomUntilUs, limit));
  }
  if (options.healAtUs !== undefined) entries.push({ atUs: options.healAtUs, action: 'heal', origin: 'liveness', params: {} });
  return { schedule: sortSchedule(entries), swarm };
}

/** VOPR-style swarm testing: per seed, each kind is on with probability 1/2, its rate scaled by 1/4 to 4. */
function drawSwarm(kinds: readonly string[], intervals: Readonly<Record<string, number>>, streams: RandomStreams): SwarmDraw {
  const stream = streams.stream('faults.swarm');
  const draw: SwarmDraw = {};
  for (const name of kinds) {
    const enabled = stream.chance(0.5);
    const factor = 2 ** (stream.uniform() * 4 - 2);
    draw[name] = { enabled, meanIntervalUs: Math.max(1, Math.round(intervals[name] / factor)) };
  }
  return draw;
}

/**
 * Time first; at equal times scheduled before random before operator before liveness; then the order of insertion, which
 * is the scenario's order for scheduled actions and kind-name order for random ones. A total order.
 */
function sortSchedule(entries: ScheduledAction[]): ScheduledAction[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.atUs - b.entry.atUs || ORIGIN_ORDER[a.entry.origin] - ORIGIN_ORDER[b.entry.origin] || a.index - b.index)
    .map(({ entry }) => entry);
}
