// Disk settings: service-time models (fixed, uniform, exponential, or seek plus transfer; all in whole
// microseconds) and the order a disk serves its queue in.

import type { RandomStream } from '../kernel/random.js';

/**
 * Order in which a disk serves its queue: `any` (default) draws the next request from the seed, as the
 * block-device port allows (bounded starvation, see simulated-disk.ts); `fifo` serves in issue order, for
 * queueing studies. Logic that is correct only under `fifo` relies on more than its port promises.
 */
export type DiskOrder = 'any' | 'fifo';

export const DISK_ORDERS: readonly DiskOrder[] = ['any', 'fifo'];

/** A disk's settings: its service-time model and its queue order (absent: `any`). */
export type ServiceModel = (
  | { readonly model: 'fixed'; readonly timeUs: number }
  | { readonly model: 'uniform'; readonly minimumUs: number; readonly maximumUs: number }
  | { readonly model: 'exponential'; readonly meanUs: number }
  | { readonly model: 'seekTransfer'; readonly seekUs: number; readonly bandwidthBytesPerS: number }
) & { readonly order?: DiskOrder };

export const PAGE_BYTES = 4096;

/** Service time of one request moving `pageCount` pages. */
export function serviceTimeUs(model: ServiceModel, pageCount: number, stream: RandomStream): number {
  switch (model.model) {
    case 'fixed':
      return model.timeUs * Math.max(1, Math.ceil(pageCount / 64));
    case 'uniform':
      return stream.between(model.minimumUs, model.maximumUs) * Math.max(1, Math.ceil(pageCount / 64));
    case 'exponential':
      return Math.max(1, stream.exponentialUs(model.meanUs)) * Math.max(1, Math.ceil(pageCount / 64));
    case 'seekTransfer':
      return stream.integer(model.seekUs + 1) + Math.ceil((pageCount * PAGE_BYTES * 1_000_000) / model.bandwidthBytesPerS);
  }
}
