// The commented starter scenario `mirrorsim init NAME` writes: two systems with geographic mirroring, the
// problem beside its fix, each section explained, with the duplexed-volume world in comments.

/** The starter's text: `name` its scenario name, `schemaPath` the $schema the editor line points at. */
export function starterScenario(name: string, schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# A mirrorsim scenario. \`mirrorsim list\` shows every action and its fields; an editor with the YAML
# language server completes and checks fields through the line above. Check this file with
# \`mirrorsim validate FILE\`, run it with \`mirrorsim run FILE\`.
name: ${JSON.stringify(name)}
description: Two systems with geographic mirroring; the mirror copy is detached, used on the target, reattached.
duration: 60s                    # simulated time; units us, ms, s, min, h
seed: "1"                        # the root seed; --seed overrides it

# Two systems (seed 000): each has a copy of the IASP; A starts as production, B as the target.
systems:
  iasp: { size: 256MiB }         # each IASP copy; disk: { model: seekTransfer, seek: 2ms, bandwidth: 400MB/s } by default
  sysasp: { pointers: 4096 }     # pointer slots in each system's SYSASP
  ipl: 3s                        # restart time after a crash
link: { latency: 2ms, jitter: 1ms, bandwidth: 100MB/s }
mirroring:
  mode: sync                     # sync | async
  suspendTimeout: 5s             # a link loss longer than this suspends mirroring
  tracking: true                 # track changes while suspended or detached
  trackingSpace: 5%              # of the IASP's pages
  syncPriority: normal           # high | normal | low
workload:                        # Poisson rates per system; every field optional
  production: { writes: 40/s, reads: 40/s, creates: 10/s, destroys: 0.5/s, pointerStores: 5/s, resolves: 20/s }
  target: { creates: 10/s, pointerStores: 10/s, resolves: 20/s }   # runs while a copy is varied on there

faults:
  schedule:                      # timed actions, in order (mirrorsim list: every action and its fields)
    - { at: 10s, action: detach, track: true }
    - { at: 11s, action: varyOn, copy: mirror }
    - { at: 30s, action: varyOff }
    - { at: 31s, action: reattach }
  random: { linkReset: 2/h }     # kind: rate, for the kinds marked * in mirrorsim list
liveness: { heal: 45s, convergeWithin: 10s }   # faults heal at 45s; the copies must be in step 10s later

compare:                         # mirrorsim run (without --variant) runs each, side by side
  - { label: "the problem", variant: { addressing: shared-range }, expect: fail }
  - { label: "the fix", variant: { addressing: system-unique }, expect: pass }

# A duplexed volume (seed 003) instead: replace systems, link, mirroring and workload with
# volume: { size: 256MiB, regionSize: 1MiB, recoveryPriority: normal }
# workload: { writes: 150/s, reads: 150/s, pattern: skewed }
# and schedule the volume's actions (diskFailure with copy: 0 or 1, replaceDisk, recover, crash, ...).
`;
}
