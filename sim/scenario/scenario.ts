// A scenario: what to simulate, for how long, with which faults. Validated in full before a run starts;
// every duration, rate and size is already an integer in its unit here.

import type { ActionCatalog } from '../faults/action-kind.js';
import type { OperatorSwarmSpec } from '../faults/operator-swarm.js';
import { DEFAULT_MAX_RANDOM_PER_KIND } from '../faults/expand-faults.js';
import { VARIANT_KEYS, type VariantKey } from '../variants.js';
import { checkWorldFit, operatorSwarmSpec, operatorsParser } from './world-fit.js';
import {
  type ParseContext, type Parser, type PathSegment, INVALID, array, boolean, durationUs, isPlainObject, object, oneOf,
  label, optional, parser, rateIntervalUs, record, refine, required, seed, string, tagged, withDefault,
} from './schema.js';
import type { JsonSchema } from './json-schema.js';
import { scenarioConditions } from './scenario-conditions.js';
import { type VolumeSection, type WorkloadSection, volumeParser, workloadParser } from './volume-section.js';
import {
  type GeoSection, applicationsParser, checkGeoCapacities, checkMirrorRegions, isPerSystemWorkload, linkParser,
  mirroringParser, systemsParser,
} from './geo-section.js';

export interface ScheduledEntry {
  readonly atUs: number;
  readonly action: string;
  readonly params: Record<string, unknown>;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly durationUs: number;
  readonly seed: string;
  /** Variant values as written in the scenario; checked against the variant keys when the run starts. */
  readonly variant: Readonly<Record<string, string>>;
  readonly faults: {
    readonly schedule: readonly ScheduledEntry[];
    readonly randomIntervalUs: Readonly<Record<string, number>>;
    readonly swarm: boolean;
    /** The operator swarm (`operators:`), expanded with the faults into the explicit schedule. */
    readonly operators?: OperatorSwarmSpec;
  };
  readonly liveness?: { readonly healUs: number; readonly convergeWithinUs: number };
  readonly volume?: VolumeSection;
  readonly workload?: WorkloadSection;
  /** Two systems, the link and geographic mirroring (seed 000), when the scenario has a `systems` section. */
  readonly geo?: GeoSection;
  /** Variants `mirrorsim run` compares side by side (when no --variant is given), each with its expected verdict. */
  readonly compare?: readonly ComparedVariant[];
  /** The scenario as written (parsed YAML/JSON), kept for trace headers so a run can be replayed from its trace. */
  readonly definition: unknown;
  /** Where it came from: a file path, or a label. */
  readonly source: string;
}

export interface ComparedVariant {
  readonly label: string;
  readonly variant: Readonly<Record<string, string>>;
  readonly expect: 'pass' | 'fail';
}

/** Where the schema keeps each action kind's schema (`definitions`): `#/definitions/action.NAME`. */
export const actionDefinition = (name: string): string => `action.${name}`;

/** One parser per action kind a schedule may name: `at`, `action` (its name) and the kind's fields. */
export function scheduledEntryVariants(catalog: ActionCatalog): Record<string, Parser<ScheduledEntry>> {
  const variants: Record<string, Parser<ScheduledEntry>> = {};
  for (const [name, kind] of Object.entries(catalog)) {
    if (name === 'heal') continue; // added by the run itself from liveness.heal
    const parse = object({
      at: required(durationUs(), 'when the action happens, from the start of the run (before duration)'),
      action: required(oneOf([name]), kind.summary),
      ...kind.fields,
    }, `a "${name}" action`);
    variants[name] = refine(parse, (parsed) => {
      const { at, action, ...params } = parsed as Record<string, unknown>;
      return { atUs: at as number, action: action as string, params };
    });
  }
  return variants;
}

function scheduledEntryParser(catalog: ActionCatalog): Parser<ScheduledEntry> {
  return tagged('action', scheduledEntryVariants(catalog), (name) => ({ $ref: `#/definitions/${actionDefinition(name)}` }));
}

/** Variant values are checked against the variant keys here, so `validate` refuses what `run` would. */
function variantParser(keys: Readonly<Record<string, VariantKey>> = VARIANT_KEYS): Parser<Record<string, string>> {
  const names = Object.keys(keys).sort();
  const properties = Object.fromEntries(names.map((name): [string, JsonSchema] => [name, {
    type: 'string', enum: [...keys[name].values], default: keys[name].fallback, description: keys[name].summary,
  }]));
  const schema = { type: 'object', description: 'a map of variant keys to values', properties, additionalProperties: false };
  return parser('map of variant keys', schema, (value, path, context) => {
    if (!isPlainObject(value)) return context.fail(path, value, 'a map of variant keys to values, such as { recovery: gated }');
    const result: Record<string, string> = {};
    let valid = true;
    for (const key of Object.keys(value).sort()) {
      const entry = value[key];
      const known = keys[key];
      if (known === undefined) {
        const expected = `no variant key "${key}"; variant keys: ${names.join(', ') || '(none yet)'}`;
        context.fail([...path, key], entry, expected, 'FIELD_UNKNOWN');
        valid = false;
      } else if (typeof entry !== 'string' || !known.values.includes(entry)) {
        context.fail([...path, key], entry, `one of ${known.values.join(', ')}`);
        valid = false;
      } else result[key] = entry;
    }
    return valid ? result : INVALID;
  });
}

/** `workload` is either a duplexed volume's rates or, with `systems`, one set of rates per system. */
function eitherWorkload(): Parser<WorkloadSection | GeoSection['applications']> {
  const volume = workloadParser();
  const perSystem = applicationsParser();
  const schema = { description: 'a workload: rates at the top for a volume, or one set per system', anyOf: [volume.schema, perSystem.schema] };
  return parser('workload', schema, (value, path, context) =>
    (isPerSystemWorkload(value) ? perSystem(value, path, context) : volume(value, path, context)));
}

/**
 * Random faults and the operator swarm are drawn up to a bound per kind (DEFAULT_MAX_RANDOM_PER_KIND); a rate
 * that could reach it on some seed is refused here, with ten standard deviations of margin (swarm mode may
 * scale a rate up to four times), so a scenario that validates never stops on it when it runs.
 */
function checkRandomBounds(
  value: unknown,
  parsed: {
    duration: number;
    liveness?: { heal: number };
    faults: { random: Record<string, number>; swarm: boolean };
    operators?: { swarm: boolean; rate: number; scripted: number };
  },
  path: readonly PathSegment[],
  context: ParseContext,
): void {
  const untilUs = parsed.liveness?.heal ?? parsed.duration;
  const limit = DEFAULT_MAX_RANDOM_PER_KIND;
  const mayReach = (intervalUs: number, scale: number): boolean => {
    const expected = (untilUs / intervalUs) * scale;
    return expected + 10 * Math.sqrt(expected) + 100 >= limit;
  };
  const raw = value as { faults?: { random?: Record<string, unknown> }; operators?: { rate?: unknown } };
  for (const [name, intervalUs] of Object.entries(parsed.faults.random)) {
    if (!mayReach(intervalUs, parsed.faults.swarm ? 4 : 1)) continue;
    const scaled = parsed.faults.swarm ? ' (swarm mode may scale it up to 4 times)' : '';
    const expected = `a rate that stays well below ${limit} faults of one kind in the run${scaled}`;
    context.fail([...path, 'faults', 'random', name], raw.faults?.random?.[name], expected);
  }
  // Scripted commands come in runs: about 1 / (1 - share) actions for each one the rate draws.
  const scriptScale = parsed.operators === undefined ? 1 : 1_000_000 / (1_000_000 - parsed.operators.scripted);
  if (parsed.operators?.swarm === true && mayReach(parsed.operators.rate, scriptScale)) {
    const expected = `a rate that stays well below ${limit} operator actions in the run`;
    context.fail([...path, 'operators', 'rate'], raw.operators?.rate, expected);
  }
}

export function scenarioParser(catalog: ActionCatalog): Parser<Omit<Scenario, 'definition' | 'source'>> {
  const randomKinds = Object.values(catalog).filter((kind) => kind.draw !== undefined).map((kind) => kind.name).sort();
  const faults = object({
    schedule: withDefault(array(scheduledEntryParser(catalog)), [], 'timed actions, in order (see `mirrorsim list`)'),
    random: withDefault(record(randomKinds, rateIntervalUs(), 'random fault rates'), {},
      'kind: Poisson rate, for the kinds marked * in `mirrorsim list`'),
    swarm: withDefault(boolean(), false, 'per seed, each random kind is on or off, its rate scaled 1/4..4'),
  }, 'the faults');
  const liveness = object({
    heal: required(durationUs(), 'when random faults stop and every fault heals (before duration)'),
    convergeWithin: required(durationUs(1), 'how long after heal the systems must be in step again'),
  }, 'a liveness phase');
  const compared = object({
    label: required(label(), 'the name printed for this variant'),
    variant: required(variantParser(), 'its variant key values'),
    expect: required(oneOf(['pass', 'fail']), 'the verdict it should give'),
  }, 'a compared variant');
  const top = object({
    name: required(label(), "the scenario's name, printed in results and reports"),
    description: optional(string(), 'what the scenario shows, in a sentence'),
    duration: required(durationUs(1), 'simulated time to run'),
    seed: withDefault(seed(), '1', 'the root seed (a whole number is taken as its decimal string)'),
    variant: withDefault(variantParser(), {}, 'variant key: value (see `mirrorsim list`)'),
    faults: withDefault(faults, {}, 'timed actions, random fault rates and swarm mode'),
    liveness: optional(liveness, 'a liveness phase: faults heal at heal, then the systems must converge'),
    operators: optional(operatorsParser(), 'an operator swarm: random operator actions, legal or not, from their own stream'),
    volume: optional(volumeParser(), 'a duplexed volume on two disks (seed 003); not with systems'),
    workload: optional(eitherWorkload(), 'the application: rates for a volume, or per system (production, target) with systems'),
    systems: optional(systemsParser(), 'two systems with geographic mirroring (seed 000); not with volume'),
    link: optional(linkParser(), 'the link between the two systems (needs systems)'),
    mirroring: optional(mirroringParser(), 'geographic mirroring settings (needs systems)'),
    compare: optional(array(compared), 'variants `mirrorsim run` (without --variant) runs side by side'),
  }, 'a scenario');
  return refine(top, (parsed, value, path, context) => {
    const raw = value as { duration: unknown; liveness?: { heal: unknown }; faults?: { schedule?: { at: unknown }[] } };
    const beforeEnd = `a time before the scenario's duration (${String(raw.duration)})`;
    if (parsed.liveness !== undefined && parsed.liveness.heal >= parsed.duration) {
      context.fail([...path, 'liveness', 'heal'], raw.liveness?.heal, beforeEnd);
    }
    for (const [index, entry] of parsed.faults.schedule.entries()) {
      if (entry.atUs >= parsed.duration) context.fail([...path, 'faults', 'schedule', index, 'at'], raw.faults?.schedule?.[index]?.at, beforeEnd);
    }
    if (parsed.volume !== undefined && parsed.systems !== undefined) {
      const expected = 'either a `volume` section (a duplexed volume) or a `systems` section (two systems), not both';
      context.fail([...path, 'systems'], (value as Record<string, unknown>).systems, expected);
    }
    checkRandomBounds(value, parsed, path, context);
    const perSystem = isPerSystemWorkload((value as { workload?: unknown }).workload);
    if (parsed.systems === undefined) {
      for (const section of ['link', 'mirroring'] as const) {
        if (parsed[section] !== undefined) context.fail([...path, section], (value as Record<string, unknown>)[section], 'no such section without a `systems` section');
      }
      if (perSystem) context.fail([...path, 'workload'], (value as { workload: unknown }).workload, 'rates at the top (writes, reads, pattern) for a volume; per-system workloads need a `systems` section');
    } else if (parsed.workload !== undefined && !perSystem) {
      context.fail([...path, 'workload'], (value as { workload: unknown }).workload, 'a workload per system: { production: {...}, target: {...} }');
    }
    if (parsed.systems !== undefined) {
      checkMirrorRegions(value, parsed.systems.iaspDataPages, parsed.mirroring?.regionPages, path, context);
    }
    if (parsed.systems !== undefined && perSystem) checkGeoCapacities(value, parsed.workload as GeoSection['applications'], parsed.duration, path, context);
    const worlds = checkWorldFit(value, parsed, catalog, path, context);
    if (context.issues.length > 0) return INVALID;
    let geo: GeoSection | undefined;
    if (parsed.systems !== undefined) {
      const mirroring = parsed.mirroring ?? { mode: 'sync', suspendTimeoutUs: 5_000_000, tracking: true, trackingPpm: 50_000, regionPages: 1024, pauseBetweenRegionsUs: 5_000, autoResume: true };
      const { trackingPpm, ...mirroringRest } = mirroring;
      geo = {
        ...parsed.systems,
        link: parsed.link ?? { latencyUs: 1000, jitterUs: 0, bandwidthBytesPerS: 125_000_000 },
        mirroring: { ...mirroringRest, trackingPageLimit: Math.max(1, Math.floor((parsed.systems.iaspDataPages * trackingPpm) / 1_000_000)) },
        applications: (parsed.workload as GeoSection['applications'] | undefined) ?? { production: {}, target: {} },
      };
    }
    return {
      name: parsed.name,
      description: parsed.description ?? '',
      durationUs: parsed.duration,
      seed: parsed.seed,
      variant: parsed.variant,
      faults: {
        schedule: parsed.faults.schedule, randomIntervalUs: parsed.faults.random, swarm: parsed.faults.swarm,
        ...(parsed.operators?.swarm === true && worlds.length > 0
          ? { operators: operatorSwarmSpec(worlds.includes('geo') ? 'geo' : 'volume', parsed.operators) }
          : {}),
      },
      liveness: parsed.liveness === undefined ? undefined : { healUs: parsed.liveness.heal, convergeWithinUs: parsed.liveness.convergeWithin },
      volume: parsed.volume,
      workload: geo === undefined ? (parsed.workload as WorkloadSection | undefined) : undefined,
      geo,
      compare: parsed.compare,
    };
  }, scenarioConditions(catalog, { volume: workloadParser().schema, perSystem: applicationsParser().schema }));
}
