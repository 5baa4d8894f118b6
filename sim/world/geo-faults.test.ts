import { describe, expect, it } from 'vitest';
import { runScenario } from '../runner/run-scenario.js';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { Kernel } from '../kernel/kernel.js';
import { GEO_DEVICES, GeoDeviceFaults, deviceProbe } from './geo-faults.js';
import { type DiskWatcher, SimulatedDisk } from './simulated-disk.js';

const KINDS = ['transientErrors', 'latentError', 'slowDisk', 'diskFailure'] as const;

/** Every fault kind on every device of the two-system world, scheduled after a storage copy exists. */
function everyFaultOnEveryDevice(extra = ''): string {
  const lines = ['    - { at: 1s, action: storageCopy }'];
  KINDS.forEach((kind, index) => {
    for (const device of GEO_DEVICES) lines.push(`    - { at: ${2 + index}s, action: ${kind}, device: ${device} }`);
  });
  return `name: every-fault
duration: 12s
systems: { iasp: { size: 16MiB }, ipl: 1s }
mirroring: { suspendTimeout: 2s, regionSize: 1MiB }
workload:
  production: { writes: 20/s, reads: 20/s, creates: 5/s, pointerStores: 2/s, resolves: 5/s }
faults:
  schedule:
${lines.join('\n')}
${extra}`;
}

describe('disk faults of the two-system world', () => {
  it('every fault kind reaches every device (a probe per kind and device)', () => {
    const result = runScenario(parseScenarioText(everyFaultOnEveryDevice(), 'every.yaml'));
    for (const kind of KINDS) {
      for (const device of GEO_DEVICES) expect(result.probes[deviceProbe(kind, device)], `${kind} on ${device}`).toBe(1);
    }
    expect(result.geo!.timeline.some((change) => change.subject.startsWith('disk B.iasp') && change.state === 'failed')).toBe(true);
  });

  it('a permanent failure beyond the modelled redundancy is counted as skipped, never dropped silently', () => {
    const result = runScenario(parseScenarioText(everyFaultOnEveryDevice(), 'every.yaml'));
    // production.iasp, both SYSASPs and the storage copy sit on unprotected disks; only target.iasp fails.
    expect(result.probes['fault.skippedBeyondRedundancy']).toBe(GEO_DEVICES.length - 1);
    expect(result.geo!.timeline.filter((change) => change.state === 'failed').length).toBe(1);
  });

  it('a fault on a storage copy that is not attached is counted as skipped', () => {
    const text = everyFaultOnEveryDevice().replace('    - { at: 1s, action: storageCopy }\n', '');
    const result = runScenario(parseScenarioText(text, 'every.yaml'));
    expect(result.probes['fault.skippedNoDevice']).toBe(KINDS.length - 1); // the failure is skipped as unprotected
  });

  it('replaceDisk of the target copy (and its old name) rebuilds it; of an unprotected disk it is skipped', () => {
    const extra = '    - { at: 8s, action: replaceDisk, device: target.iasp }\n    - { at: 9s, action: replaceTargetDisk }\n    - { at: 9s, action: replaceDisk, device: production.sysasp }\n';
    const result = runScenario(parseScenarioText(everyFaultOnEveryDevice(extra), 'every.yaml'));
    expect(result.geo!.timeline.filter((change) => change.state === 'replaced').map((change) => change.subject)).toEqual(['disk B.iasp-copy2', 'disk B.iasp-copy3']);
    expect(result.probes['fault.skippedBeyondRedundancy']).toBe(GEO_DEVICES.length);
  });

  it('random disk faults in a two-system scenario draw devices of both roles', () => {
    const text = 'name: r\nduration: 60s\nsystems: { iasp: { size: 16MiB } }\nfaults: { random: { slowDisk: 600/min } }\n';
    const devices = new Set(runScenario(parseScenarioText(text, 'r.yaml')).faultSchedule.map((entry) => entry.params.device));
    expect([...devices].sort()).toEqual([...GEO_DEVICES].sort());
  });
});

describe('GeoDeviceFaults', () => {
  const quiet: DiskWatcher = { pageWritten: () => {}, readSent: () => {}, rangeWritten: () => {} };
  function host() {
    const kernel = new Kernel({ seed: 'geo-faults' });
    const disk = (name: string) => new SimulatedDisk(name, 64, kernel, { model: 'fixed', timeUs: 100 }, kernel.random.stream(name), quiet);
    const production = { sysasp: disk('A.sysasp'), iaspCopy: disk('A.iasp') };
    const targetNode = { sysasp: disk('B.sysasp'), iaspCopy: disk('B.iasp'), storageCopy: disk('B.storage') as SimulatedDisk | undefined };
    const calls: string[] = [];
    const faults = new GeoDeviceFaults(kernel, { production, targetNode, failTargetDisk: () => calls.push('fail'), replaceTargetDisk: () => calls.push('replace') });
    return { kernel, production, targetNode, faults, calls };
  }

  it('resolves roles when a fault applies and ends every timed fault at the heal (latent errors scrubbed)', () => {
    const { kernel, production, targetNode, faults } = host();
    production.iaspCopy.write(3, 7, () => {});
    kernel.run({ untilUs: 1000 });
    faults.transientErrors('target.sysasp', 500_000, 60_000_000);
    faults.slow('production.sysasp', 10, 60_000_000);
    faults.latentErrors('production.iasp', 1);
    expect(targetNode.sysasp.transientErrorProbability).toBe(0.5);
    expect(production.sysasp.slowFactor).toBe(10);
    expect([...production.iaspCopy.latentErrors]).toEqual([3]);
    faults.heal();
    expect(targetNode.sysasp.transientErrorProbability).toBe(0);
    expect(production.sysasp.slowFactor).toBe(1);
    expect(production.iaspCopy.latentErrors.size).toBe(0);
  });

  it('only the target IASP copy fails or is replaced; the others are skipped and counted', () => {
    const { faults, calls, kernel } = host();
    for (const device of GEO_DEVICES) {
      faults.fail(device);
      faults.replace(device);
    }
    expect(calls).toEqual(['fail', 'replace']);
    expect(faults.skippedCount).toBe(2 * (GEO_DEVICES.length - 1));
    expect(kernel.probes.snapshot()['fault.skippedBeyondRedundancy']).toBe(2 * (GEO_DEVICES.length - 1));
  });
});
