// The scenario's `volume` and `workload` sections: a duplexed volume on two disks and its application.

import { DISK_ORDERS, type DiskOrder, PAGE_BYTES, type ServiceModel } from '../world/service-time.js';
import {
  type Parser, bandwidthBytesPerS, bytes, durationUs, integer, object, oneOf, optional, rateIntervalUs, refine, required, tagged,
  withDefault,
} from './schema.js';

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
  // Only a given order is kept: a scenario without one parses (and digests) as before.
  const wrap = <T extends { order?: DiskOrder }>(parse: Parser<T>, build: Build<T>): Parser<ServiceModel> =>
    refine(parse, (parsed) => (parsed.order === undefined ? build(parsed) : { ...build(parsed), order: parsed.order }));
  const order = optional(oneOf(DISK_ORDERS), 'any: outstanding requests complete in an order drawn from the seed; fifo: in issue order');
  const model = (name: string, meaning: string) => required(oneOf([name]), meaning);
  return tagged('model', {
    fixed: wrap(
      object({ model: model('fixed', 'every request takes the same time'), time: required(durationUs(1), 'the time of each request'), order }, 'a fixed service time'),
      (v) => ({ model: 'fixed', timeUs: v.time }),
    ),
    uniform: uniformParser(wrap(
      object({
        model: model('uniform', 'a time drawn uniformly between min and max'),
        min: required(durationUs(1), 'the shortest time'),
        max: required(durationUs(1), 'the longest time (at least min)'),
        order,
      }, 'a uniform service time'),
      (v) => ({ model: 'uniform', minimumUs: v.min, maximumUs: v.max }),
    )),
    exponential: wrap(
      object({ model: model('exponential', 'an exponentially distributed time'), mean: required(durationUs(1), 'the mean time'), order }, 'an exponential service time'),
      (v) => ({ model: 'exponential', meanUs: v.mean }),
    ),
    seekTransfer: wrap(
      object({
        model: model('seekTransfer', 'a seek, then the transfer at a bandwidth'),
        seek: required(durationUs(), 'the seek time of each request'),
        bandwidth: required(bandwidthBytesPerS(), 'the transfer rate'),
        order,
      }, 'a seek-and-transfer service time'),
      (v) => ({ model: 'seekTransfer', seekUs: v.seek, bandwidthBytesPerS: v.bandwidth }),
    ),
  });
}

/** A uniform service time whose `max` is below its `min` is a contradiction, not silently widened. */
function uniformParser(parse: Parser<ServiceModel>): Parser<ServiceModel> {
  return refine(parse, (parsed, value, path, context) => {
    if (parsed.model !== 'uniform' || parsed.maximumUs >= parsed.minimumUs) return parsed;
    const raw = value as { min: unknown; max: unknown };
    return context.fail([...path, 'max'], raw.max, `a time of at least min (${String(raw.min)})`);
  });
}

/** A size parser for sizes counted in pages: at least one page, never silently rounded up to one. */
export const pageBytes = (what: string): Parser<number> => refine(bytes(), (parsed, value, path, context) => {
  if (parsed >= PAGE_BYTES) return parsed;
  return context.fail(path, value, `${what} of at least ${PAGE_BYTES} bytes (one 4 KiB page)`);
});

export function volumeParser(): Parser<VolumeSection> {
  const parse = object({
    size: required(pageBytes('a size'), "the volume's capacity (4 KiB pages)"),
    regionSize: withDefault(pageBytes('a region size'), '1MiB', 'recovery copies and checkpoints one region at a time'),
    tocPages: optional(integer(1), 'pages of internal tables, copied first under the gate (default 16, at most the volume)'),
    disk: withDefault(serviceParser(), { model: 'seekTransfer', seek: '4ms', bandwidth: '200MB/s' },
      "each disk's service-time model (and queue order)"),
    recoveryPriority: withDefault(oneOf(['high', 'normal', 'low']), 'normal', 'pause between regions: high 0, normal 10 ms, low 50 ms'),
    ipl: withDefault(durationUs(1), '5s', 'restart time after a crash'),
    operator: optional(object({
      recoverAfter: required(durationUs(1), 'how long after a disk failure the operator replaces it and recovers'),
    }, 'an automatic operator'), 'an automatic operator: replaces failed disks, then recovers'),
  }, 'a volume');
  return refine(parse, (parsed, value, path, context) => {
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
  });
}

export function workloadParser(): Parser<WorkloadSection> {
  const parse = object({
    writes: optional(rateIntervalUs(), 'Poisson rate of page writes (absent: none)'),
    reads: optional(rateIntervalUs(), 'Poisson rate of page reads (absent: none)'),
    pattern: withDefault(oneOf(['uniform', 'skewed']), 'uniform', 'which pages: uniform, or skewed (80% to a fifth of them)'),
  }, 'a workload');
  return refine(parse, (parsed) => ({ writeIntervalUs: parsed.writes, readIntervalUs: parsed.reads, pattern: parsed.pattern }));
}
