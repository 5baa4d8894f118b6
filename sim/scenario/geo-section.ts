// The scenario's two-system sections (seed 000): the IASP and SYSASP of each system, the link between
// them, geographic mirroring, and the applications on each system. Parsed once into integers with units.

import type { MirrorConfig } from '../../src/geomirror/mirror-source.js';
import { PAGE_BYTES, type ServiceModel } from '../world/service-time.js';
import { CONTENT_LIMIT } from '../../src/sls/iasp-layout.js';
import {
  type ParseContext, type PathSegment, type Parser, bandwidthBytesPerS, boolean, durationUs, integer,
  isPlainObject, object, oneOf, optional, percentPpm, rateIntervalUs, refine, required, withDefault,
} from './schema.js';
import { pageBytes, serviceParser } from './volume-section.js';

export interface GeoSection {
  readonly iaspDataPages: number;
  readonly iaspService: ServiceModel;
  readonly pointerSlots: number;
  readonly sysaspService: ServiceModel;
  readonly iplUs: number;
  readonly link: { readonly latencyUs: number; readonly jitterUs: number; readonly bandwidthBytesPerS: number };
  /** Exactly the mirroring logic's configuration. */
  readonly mirroring: MirrorConfig;
  readonly applications: { readonly production: ApplicationRates; readonly target: ApplicationRates };
}

/** Mean intervals between operations of each kind, in µs (undefined: none). */
export interface ApplicationRates {
  readonly writeIntervalUs?: number;
  readonly readIntervalUs?: number;
  readonly createIntervalUs?: number;
  readonly destroyIntervalUs?: number;
  readonly pointerStoreIntervalUs?: number;
  readonly resolveIntervalUs?: number;
  /** A save: one bulk read of the whole application data area of the copy varied on. */
  readonly saveIntervalUs?: number;
}

const SYNC_PAUSE_US = { high: 0, normal: 5_000, low: 25_000 } as const;
const DEFAULT_DISK = { model: 'seekTransfer', seek: '2ms', bandwidth: '400MB/s' };
const DISK_MEANING = "the disk's service-time model (and queue order)";

export function systemsParser(): Parser<{ iaspDataPages: number; iaspService: ServiceModel; pointerSlots: number; sysaspService: ServiceModel; iplUs: number }> {
  const parse = object({
    iasp: required(object({
      size: required(pageBytes('a size'), "each IASP copy's capacity (4 KiB pages)"),
      disk: withDefault(serviceParser(), DEFAULT_DISK, DISK_MEANING),
    }, 'an IASP'), 'the independent auxiliary storage pool, one copy on each system'),
    sysasp: withDefault(object({
      pointers: withDefault(integer(1, 1_000_000), 4096, "pointer slots in each system's SYSASP"),
      disk: withDefault(serviceParser(), DEFAULT_DISK, DISK_MEANING),
    }, 'a SYSASP'), {}, "each system's own storage pool, where pointers are stored"),
    ipl: withDefault(durationUs(1), '5s', 'restart time of a system after a crash'),
  }, 'the systems');
  return refine(parse, (parsed) => ({
    iaspDataPages: Math.floor(parsed.iasp.size / PAGE_BYTES),
    iaspService: parsed.iasp.disk,
    pointerSlots: parsed.sysasp.pointers,
    sysaspService: parsed.sysasp.disk,
    iplUs: parsed.ipl,
  }));
}

export function linkParser(): Parser<GeoSection['link']> {
  const parse = object({
    latency: withDefault(durationUs(), '1ms', 'one-way latency of a message'),
    jitter: withDefault(durationUs(), '0s', 'uniform extra latency, from none up to this'),
    bandwidth: withDefault(bandwidthBytesPerS(), '125MB/s', 'serialisation: a message takes its size over this'),
  }, 'a link');
  return refine(parse, (parsed) => ({ latencyUs: parsed.latency, jitterUs: parsed.jitter, bandwidthBytesPerS: parsed.bandwidth }));
}

export function mirroringParser(): Parser<Omit<GeoSection['mirroring'], 'trackingPageLimit'> & { trackingPpm: number }> {
  const parse = object({
    mode: withDefault(oneOf(['sync', 'async']), 'sync', 'sync: a write is acknowledged once both copies have it'),
    suspendTimeout: withDefault(durationUs(1), '5s', 'a link loss longer than this suspends mirroring'),
    tracking: withDefault(boolean(), true, 'track changes while suspended or detached (else resume and reattach sync in full)'),
    trackingSpace: withDefault(percentPpm(), '5%', "tracking space, as a share of the IASP's pages; overflow means a full sync"),
    regionSize: withDefault(pageBytes('a region size'), '4MiB', 'synchronisation copies, gates and checkpoints one region at a time'),
    syncPriority: withDefault(oneOf(['high', 'normal', 'low']), 'normal', 'pause between regions: high 0, normal 5 ms, low 25 ms'),
    autoResume: withDefault(boolean(), true, 'resume by itself when the link returns'),
  }, 'the mirroring settings');
  return refine(parse, (parsed) => {
    return {
      mode: parsed.mode,
      suspendTimeoutUs: parsed.suspendTimeout,
      tracking: parsed.tracking,
      trackingPpm: parsed.trackingSpace,
      regionPages: Math.floor(parsed.regionSize / PAGE_BYTES),
      pauseBetweenRegionsUs: SYNC_PAUSE_US[parsed.syncPriority],
      autoResume: parsed.autoResume,
    };
  });
}

function ratesParser(): Parser<ApplicationRates> {
  const rate = (what: string) => optional(rateIntervalUs(), `Poisson rate of ${what} (absent: none)`);
  const parse = object({
    writes: rate('page writes'), reads: rate('page reads'), creates: rate('object creates'),
    destroys: rate('object destroys'), pointerStores: rate('pointer stores'), resolves: rate('pointer resolutions'),
    saves: rate('saves (one bulk read of the whole application data area)'),
  }, 'application rates');
  return refine(parse, (parsed) => ({
    writeIntervalUs: parsed.writes, readIntervalUs: parsed.reads, createIntervalUs: parsed.creates,
    destroyIntervalUs: parsed.destroys, pointerStoreIntervalUs: parsed.pointerStores, resolveIntervalUs: parsed.resolves,
    saveIntervalUs: parsed.saves,
  }));
}

export function applicationsParser(): Parser<GeoSection['applications']> {
  const parse = object({
    production: withDefault(ratesParser(), {}, 'the application on the production system'),
    target: withDefault(ratesParser(), {}, 'the application on the target, while a copy is varied on there'),
  }, 'a workload per system (production, target)');
  return refine(parse, (parsed) => ({ production: parsed.production, target: parsed.target }));
}

/** A two-system workload names its systems; a duplexed-volume workload has rates at the top. */
export function isPerSystemWorkload(value: unknown): boolean {
  return isPlainObject(value) && ('production' in value || 'target' in value);
}

/** At most this many mirroring regions per IASP copy: a full synchronisation plans them all at once. */
export const MAX_MIRROR_REGIONS = 2 ** 20;
const DEFAULT_REGION_PAGES = (4 * 2 ** 20) / PAGE_BYTES;

/** The IASP's size over the mirroring region size must stay within MAX_MIRROR_REGIONS (memory follows it). */
export function checkMirrorRegions(
  value: unknown,
  dataPages: number,
  regionPages: number | undefined,
  path: readonly PathSegment[],
  context: ParseContext,
): void {
  const regions = Math.ceil(dataPages / (regionPages ?? DEFAULT_REGION_PAGES));
  if (regions <= MAX_MIRROR_REGIONS) return;
  const raw = value as { systems?: { iasp?: { size?: unknown } } };
  const expected = `at most ${MAX_MIRROR_REGIONS} mirroring regions per IASP copy (size / mirroring.regionSize, `
    + `here ${regions}): a larger regionSize or a smaller IASP`;
  context.fail([...path, 'systems', 'iasp', 'size'], raw.systems?.iasp?.size, expected);
}

/**
 * Capacities a scenario's rates must fit (iasp-layout.ts): object content serials (CONTENT_LIMIT) over the
 * run for both systems' creates, with a margin of ten standard deviations of the Poisson count.
 */
export function checkGeoCapacities(value: unknown, applications: GeoSection['applications'], durationUs: number, path: readonly PathSegment[], context: ParseContext): void {
  const expected = (intervalUs: number | undefined): number => (intervalUs === undefined ? 0 : durationUs / intervalUs);
  const creates = expected(applications.production.createIntervalUs) + expected(applications.target.createIntervalUs);
  if (creates + 10 * Math.sqrt(creates) + 100 < CONTENT_LIMIT) return;
  const system = expected(applications.production.createIntervalUs) >= expected(applications.target.createIntervalUs) ? 'production' : 'target';
  const raw = (value as { workload?: Record<string, { creates?: unknown }> }).workload?.[system]?.creates;
  context.fail([...path, 'workload', system, 'creates'], raw, `create rates whose creates over the duration stay below ${CONTENT_LIMIT} objects (about ${Math.round(creates)} expected)`);
}
