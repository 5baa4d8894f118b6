// The scenario's `volume` and `workload` sections: a duplexed volume on two disks and its application.

import { DISK_ORDERS, type DiskOrder, PAGE_BYTES, type ServiceModel } from '../world/service-time.js';
import { INVALID, type Parser, bandwidthBytesPerS, bytes, durationUs, integer, object, oneOf, optional, rateIntervalUs, required, tagged, withDefault } from './schema.js';

export interface VolumeSection {
  readonly pageCount: number;
  readonly regionPages: number;
  readonly tocPages: number;
  readonly service: ServiceModel;
  readonly pauseBetweenRegionsUs: number;
  readonly iplUs: number;
  readonly operator?: { readonly recoverAfterUs: number };
}

export interface WorkloadSection {
  readonly writeIntervalUs?: number;
  readonly readIntervalUs?: number;
  readonly pattern: 'uniform' | 'skewed';
}

const DEFAULT_TOC_PAGES = 16;

/** recoveryPriority → pause between region copies: high copies back to back, low leaves the disks mostly to the application. */
const PRIORITY_PAUSE_US = { high: 0, normal: 10_000, low: 50_000 } as const;

/**
 * A disk's settings (`disk:` of a volume, an IASP or a SYSASP): a service-time model, and `order: any | fifo`
 * (default any: the queue is served in an order drawn from the seed; fifo for queueing studies).
 */
export function serviceParser(): Parser<ServiceModel> {
  type Build<T> = (value: T) => ServiceModel;
  const wrap = <T extends { order?: DiskOrder }>(parse: Parser<T>, build: Build<T>): Parser<ServiceModel> =>
    (value, path, context) => {
      const parsed = parse(value, path, context);
      if (parsed === INVALID) return INVALID;
      // Only a given order is kept: a scenario without one parses (and digests) as before.
      return parsed.order === undefined ? build(parsed) : { ...build(parsed), order: parsed.order };
    };
  const order = optional(oneOf(DISK_ORDERS));
  return tagged('model', {
    fixed: wrap(
      object({ model: required(oneOf(['fixed'])), time: required(durationUs(1)), order }),
      (v) => ({ model: 'fixed', timeUs: v.time }),
    ),
    uniform: uniformParser(wrap(
      object({
        model: required(oneOf(['uniform'])),
        min: required(durationUs(1)),
        max: required(durationUs(1)),
        order,
      }),
      (v) => ({ model: 'uniform', minimumUs: v.min, maximumUs: v.max }),
    )),
    exponential: wrap(
      object({ model: required(oneOf(['exponential'])), mean: required(durationUs(1)), order }),
      (v) => ({ model: 'exponential', meanUs: v.mean }),
    ),
    seekTransfer: wrap(
      object({
        model: required(oneOf(['seekTransfer'])),
        seek: required(durationUs()),
        bandwidth: required(bandwidthBytesPerS()),
        order,
      }),
      (v) => ({ model: 'seekTransfer', seekUs: v.seek, bandwidthBytesPerS: v.bandwidth }),
    ),
  });
}

/** A uniform service time whose `max` is below its `min` is a contradiction, not silently widened. */
function uniformParser(parse: Parser<ServiceModel>): Parser<ServiceModel> {
  return (value, path, context) => {
    const parsed = parse(value, path, context);
    if (parsed === INVALID || parsed.model !== 'uniform' || parsed.maximumUs >= parsed.minimumUs) return parsed;
    const raw = value as { min: unknown; max: unknown };
    return context.fail([...path, 'max'], raw.max, `a time of at least min (${String(raw.min)})`);
  };
}

/** A size parser for sizes counted in pages: at least one page, never silently rounded up to one. */
export const pageBytes = (what: string): Parser<number> => (value, path, context) => {
  const parsed = bytes()(value, path, context);
  if (parsed === INVALID || parsed >= PAGE_BYTES) return parsed;
  return context.fail(path, value, `${what} of at least ${PAGE_BYTES} bytes (one 4 KiB page)`);
};

export function volumeParser(): Parser<VolumeSection> {
  const parse = object({
    size: required(pageBytes('a size')),
    regionSize: withDefault(pageBytes('a region size'), 2 ** 20),
    tocPages: optional(integer(1)),
    disk: withDefault(serviceParser(), { model: 'seekTransfer', seekUs: 4000, bandwidthBytesPerS: 200_000_000 } as ServiceModel),
    recoveryPriority: withDefault(oneOf(['high', 'normal', 'low']), 'normal'),
    ipl: withDefault(durationUs(1), 5_000_000),
    operator: optional(object({ recoverAfter: required(durationUs(1)) })),
  }, 'a volume');
  return (value, path, context) => {
    const parsed = parse(value, path, context);
    if (parsed === INVALID) return INVALID;
    const pageCount = Math.floor(parsed.size / PAGE_BYTES);
    const regionPages = Math.floor(parsed.regionSize / PAGE_BYTES);
    if (parsed.tocPages !== undefined && parsed.tocPages > pageCount) {
      const raw = value as { size: unknown; tocPages: unknown };
      const expected = `at most the volume's ${pageCount} pages (size ${String(raw.size)})`;
      return context.fail([...path, 'tocPages'], raw.tocPages, expected);
    }
    return {
      pageCount,
      regionPages,
      tocPages: parsed.tocPages ?? Math.min(DEFAULT_TOC_PAGES, pageCount),
      service: parsed.disk,
      pauseBetweenRegionsUs: PRIORITY_PAUSE_US[parsed.recoveryPriority],
      iplUs: parsed.ipl,
      operator: parsed.operator === undefined ? undefined : { recoverAfterUs: parsed.operator.recoverAfter },
    };
  };
}

export function workloadParser(): Parser<WorkloadSection> {
  const parse = object({ writes: optional(rateIntervalUs()), reads: optional(rateIntervalUs()), pattern: withDefault(oneOf(['uniform', 'skewed']), 'uniform') }, 'a workload');
  return (value, path, context) => {
    const parsed = parse(value, path, context);
    if (parsed === INVALID) return INVALID;
    return { writeIntervalUs: parsed.writes, readIntervalUs: parsed.reads, pattern: parsed.pattern };
  };
}
