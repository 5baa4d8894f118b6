// Small scenarios for the library's and the matchers' tests: a two-system detach and reattach that shows the
// foreign-object effect under shared-range in about a second, and a duplexed volume with a liveness phase.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Fails with foreignResolution under addressing=shared-range (its variant), passes under system-unique. */
export const TINY_DETACH = `# A small detach-reattach for tests.
name: tiny-detach
description: A small detach and reattach that shows the foreign-object effect under shared-range.
duration: 20s
variant: { addressing: shared-range }
systems:
  iasp: { size: 64MiB }
  sysasp: { pointers: 512 }
  ipl: 1s
link: { latency: 2ms, jitter: 1ms, bandwidth: 100MB/s }
mirroring: { mode: sync, suspendTimeout: 5s, tracking: true, trackingSpace: 5%, regionSize: 4MiB, syncPriority: high }
workload:
  production: { writes: 20/s, reads: 20/s, creates: 10/s, destroys: 0.5/s, pointerStores: 5/s, resolves: 20/s }
  target: { creates: 10/s, destroys: 0.5/s, pointerStores: 10/s, resolves: 20/s }
faults:
  schedule:
    - { at: 2s, action: detach, track: true }
    - { at: 3s, action: varyOn, copy: mirror }
    - { at: 6s, action: varyOff, system: production }
    - { at: 7s, action: varyOn, system: production }
    - { at: 10s, action: varyOff }
    - { at: 11s, action: reattach }
    - { at: 15s, action: detach, track: true }
    - { at: 16s, action: varyOn, copy: mirror }
`;

/** A disk fails and is recovered; live with convergeWithin 30s, a liveness violation with 200ms. */
export function tinyVolume(convergeWithin: string): string {
  return `name: tiny-volume
description: A disk of a small duplexed volume fails, is replaced and recovered online.
duration: 10s
volume:
  size: 64MiB
  regionSize: 1MiB
  disk: { model: seekTransfer, seek: 4ms, bandwidth: 200MB/s }
  recoveryPriority: normal
  operator: { recoverAfter: 1s }
workload: { writes: 150/s, reads: 150/s, pattern: skewed }
faults:
  schedule:
    - { at: 2s, action: diskFailure, copy: 1 }
liveness: { heal: 4s, convergeWithin: ${convergeWithin} }
`;
}

/** Writes `text` as NAME.yaml into a fresh temporary directory; returns the file's path. */
export function scenarioFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mirrorsim-lib-')), `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}
