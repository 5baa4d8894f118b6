// Checks a scenario's actions against the world it builds (defect 8): a geo action in a volume scenario,
// a volume action in a two-system one, or a field that world does not have, is a validation error (exit 2)
// naming the field, never a crash mid-run. Also parses the operator swarm's section.

import type { ActionCatalog, ActionKind, WorldKind } from '../faults/action-kind.js';
import {
  MAX_SCRIPTED_PPM, OPERATOR_ACTIONS, type OperatorSwarmSpec, defaultWeights,
} from '../faults/operator-swarm.js';
import { WORLD_SECTION } from '../faults/world-of.js';
import {
  INVALID, type Parser, type ParseContext, type PathSegment, boolean, durationUs, integer, object, optional,
  percentPpm, rateIntervalUs, record, refine, required, withDefault,
} from './schema.js';

export interface OperatorsSection {
  readonly swarm: boolean;
  readonly rate: number;
  readonly actions?: Readonly<Record<string, number>>;
  /** Share of actions followed at once by the next (ppm), and the mean gap then (µs). */
  readonly scripted: number;
  readonly scriptGap: number;
}

const ALL_OPERATOR_ACTIONS = [
  ...new Set([...Object.keys(OPERATOR_ACTIONS.geo), ...Object.keys(OPERATOR_ACTIONS.volume)]),
].sort();

/** `operators: { swarm: true, rate: 120/h, actions: { detach: 2, switchover: 1 } }` (actions: weights). */
export function operatorsParser(): Parser<OperatorsSection> {
  const parse = object({
    swarm: withDefault(boolean(), true, 'draw operator actions (false: the section is kept but off)'),
    rate: required(rateIntervalUs(), 'Poisson rate of operator actions, until liveness.heal'),
    actions: optional(record(ALL_OPERATOR_ACTIONS, integer(0, 1000), 'operator action weights'),
      "relative weights of the world's operator actions (default 1 each)"),
    scripted: withDefault(percentPpm(), '0%', 'share of actions followed at once by the next, as a script runs'
      + ` commands back to back (at most ${MAX_SCRIPTED_PPM / 10_000}%)`),
    scriptGap: withDefault(durationUs(1), '2ms', 'mean gap between the commands of a script'),
  }, 'an operator swarm');
  const checked = refine(parse, (parsed, value, path, context) => {
    if (parsed.scripted <= MAX_SCRIPTED_PPM) return parsed;
    const written = (value as { scripted?: unknown }).scripted;
    context.fail([...path, 'scripted'], written, `a percentage from 0% to ${MAX_SCRIPTED_PPM / 10_000}%`);
    return INVALID;
  });
  return refine(checked, (parsed) => ({
    swarm: parsed.swarm, rate: parsed.rate, actions: parsed.actions, scripted: parsed.scripted,
    scriptGap: parsed.scriptGap,
  }));
}

export function operatorSwarmSpec(world: WorldKind, operators: OperatorsSection): OperatorSwarmSpec {
  const { rate, actions, scripted, scriptGap } = operators;
  const spec = { world, meanIntervalUs: rate, weights: actions ?? defaultWeights(world) };
  return scripted === 0 ? spec : { ...spec, scriptedPpm: scripted, scriptGapUs: scriptGap };
}

interface ParsedEntry {
  readonly action: string;
  readonly params: Record<string, unknown>;
}

interface Parsed {
  readonly volume?: unknown;
  readonly systems?: unknown;
  readonly faults: { readonly schedule: readonly ParsedEntry[]; readonly random: Readonly<Record<string, number>> };
  readonly operators?: OperatorsSection;
}

interface RawFaults {
  readonly faults?: { readonly schedule?: Record<string, unknown>[]; readonly random?: Record<string, unknown> };
  readonly operators?: { readonly actions?: Record<string, unknown> };
}

function describeWorlds(worlds: readonly WorldKind[]): string {
  if (worlds.length === 0) return 'this scenario has neither a `volume` nor a `systems` section';
  return worlds.map((world) => `this scenario has ${world === 'geo' ? 'two systems' : 'a volume'}`).join(' and ');
}

function worldMismatch(kind: ActionKind<any>, worlds: readonly WorldKind[]): string | undefined {
  if (kind.worlds === undefined || kind.worlds.some((world) => worlds.includes(world))) return undefined;
  const needs = kind.worlds.map((world) => WORLD_SECTION[world]).join(' or ');
  return `an action of this scenario's world (${describeWorlds(worlds)}; "${kind.name}" needs ${needs})`;
}

/** Reports each misfit into `context`; returns the worlds the scenario builds. */
export function checkWorldFit(
  raw: unknown,
  parsed: Parsed,
  catalog: ActionCatalog,
  path: readonly PathSegment[],
  context: ParseContext,
): WorldKind[] {
  const worlds: WorldKind[] = [];
  if (parsed.volume !== undefined) worlds.push('volume');
  if (parsed.systems !== undefined) worlds.push('geo');
  const rawFaults = (raw as RawFaults).faults;
  parsed.faults.schedule.forEach((entry, index) => {
    const kind = catalog[entry.action];
    const entryPath = [...path, 'faults', 'schedule', index];
    const mismatch = worldMismatch(kind, worlds);
    if (mismatch !== undefined) return void context.fail([...entryPath, 'action'], entry.action, mismatch);
    const misfit = kind.fitsWorld?.(entry.params, worlds);
    if (misfit === undefined) return;
    context.fail([...entryPath, misfit.field], rawFaults?.schedule?.[index]?.[misfit.field], misfit.expected);
  });
  for (const name of Object.keys(parsed.faults.random)) {
    const mismatch = worldMismatch(catalog[name], worlds);
    if (mismatch !== undefined) context.fail([...path, 'faults', 'random', name], rawFaults?.random?.[name], mismatch);
  }
  const operators = parsed.operators;
  if (operators !== undefined && operators.swarm) checkOperators(raw as RawFaults, operators, worlds, path, context);
  return worlds;
}

function checkOperators(
  raw: RawFaults,
  operators: OperatorsSection,
  worlds: readonly WorldKind[],
  path: readonly PathSegment[],
  context: ParseContext,
): void {
  const rawOperators = raw.operators;
  if (worlds.length === 0) {
    const expected = `an operator swarm in a scenario with ${WORLD_SECTION.volume} or ${WORLD_SECTION.geo}`;
    context.fail([...path, 'operators'], rawOperators, expected);
    return;
  }
  const world = worlds.includes('geo') ? 'geo' : 'volume';
  const allowed = Object.keys(OPERATOR_ACTIONS[world]).sort();
  const actions = operators.actions;
  if (actions === undefined) return;
  for (const name of Object.keys(actions)) {
    if (allowed.includes(name)) continue;
    const expected = `an operator action of this world (${describeWorlds(worlds)}): one of ${allowed.join(', ')}`;
    context.fail([...path, 'operators', 'actions', name], rawOperators?.actions?.[name], expected);
  }
  if (!Object.values(actions).some((weight) => weight > 0)) {
    const expected = 'at least one action with a positive weight';
    context.fail([...path, 'operators', 'actions'], rawOperators?.actions, expected);
  }
}
