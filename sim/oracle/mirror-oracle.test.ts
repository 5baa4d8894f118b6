// The mirror oracle's own eyes, by hand: the copy in use while replication writes to it (seen on the two
// observed device paths), and the promotion rule judged from disk contents and the link, not the logic.

import { describe, expect, it } from 'vitest';
import { DATA_FIRST_PAGE } from '../../src/sls/iasp-layout.js';
import { Kernel } from '../kernel/kernel.js';
import { SimulatedDisk } from '../world/simulated-disk.js';
import { MirrorOracle } from './mirror-oracle.js';
import { ObservedDevice } from './observed-device.js';
import { ViolationLog } from './violations.js';

const quietWatcher = { pageWritten: () => {}, readSent: () => {}, rangeWritten: () => {} };
const setup = () => {
  const kernel = new Kernel({ seed: 'mirror-oracle' });
  const log = new ViolationLog(kernel);
  const mirror = new MirrorOracle(kernel, log, 64);
  const disk = new SimulatedDisk('B.copy', DATA_FIRST_PAGE + 64, kernel, { model: 'fixed', timeUs: 100 }, kernel.random.stream('disk'), quietWatcher);
  mirror.targetCopy = () => disk;
  return { kernel, log, mirror, disk };
};
const invariants = (log: ViolationLog): string[] => log.violations.map((violation) => violation.invariant);

describe('the mirror copy in use while replication writes to it', () => {
  it('detach, then use, then stop, then replication again: fine', () => {
    const { mirror, log, disk } = setup();
    mirror.pathRequest(disk, 'replication', true, 'issued');
    mirror.pathRequest(disk, 'replication', true, 'completed');
    mirror.detachRequested();
    mirror.applicationSessionOpened(disk);
    mirror.pathRequest(disk, 'application', false, 'issued');
    mirror.pathRequest(disk, 'application', false, 'completed');
    mirror.pathRequest(disk, 'application', true, 'issued');
    mirror.pathRequest(disk, 'application', true, 'completed');
    mirror.targetApplicationsStopped();
    mirror.pathRequest(disk, 'replication', true, 'issued');
    expect(invariants(log)).toEqual([]);
  });

  it('an application read while a replication write is outstanding is caught', () => {
    const { mirror, log, disk } = setup();
    mirror.pathRequest(disk, 'replication', true, 'issued');
    mirror.pathRequest(disk, 'application', false, 'issued');
    expect(invariants(log)).toEqual(['readFromUnsynced']);
  });

  it('replication after the applications used the copy, with no stop between, is caught once', () => {
    const { mirror, log, disk } = setup();
    mirror.applicationSessionOpened(disk);
    mirror.pathRequest(disk, 'application', false, 'issued');
    mirror.pathRequest(disk, 'application', false, 'completed');
    mirror.pathRequest(disk, 'replication', true, 'issued');
    mirror.pathRequest(disk, 'replication', true, 'completed');
    mirror.pathRequest(disk, 'replication', true, 'issued');
    expect(invariants(log)).toEqual(['readFromUnsynced']);
  });

  it('a leftover request completing after the stop is harmless once done, caught while still outstanding', () => {
    const { mirror, log, disk } = setup();
    mirror.applicationSessionOpened(disk);
    mirror.pathRequest(disk, 'application', true, 'issued');
    mirror.targetApplicationsStopped();
    mirror.pathRequest(disk, 'application', true, 'completed');
    mirror.pathRequest(disk, 'replication', true, 'issued');
    expect(invariants(log)).toEqual([]);
  });

  it('an application write still outstanding after the stop when replication resumes is caught (a vary-off that does not wait)', () => {
    const { mirror, log, disk } = setup();
    mirror.pathRequest(disk, 'application', true, 'issued');
    mirror.targetApplicationsStopped();
    mirror.pathRequest(disk, 'replication', true, 'issued');
    expect(invariants(log)).toEqual(['readFromUnsynced']);
  });

  it('the application path forwarded through the replication wrapper is never counted as replication', () => {
    const { kernel, mirror, log, disk } = setup();
    const replication = new ObservedDevice(disk, disk, 'replication', mirror);
    const application = new ObservedDevice(replication, disk, 'application', mirror);
    mirror.detachRequested();
    application.write(DATA_FIRST_PAGE, 7, () => {});
    application.read(DATA_FIRST_PAGE, () => {});
    kernel.run({});
    expect(invariants(log)).toEqual([]);
    replication.write(DATA_FIRST_PAGE + 1, 8, () => {});
    expect(invariants(log)).toEqual(['readFromUnsynced']);
  });
});

describe('promotion judged from disk contents and the link', () => {
  const acknowledge = (mirror: MirrorOracle, pageIndex: number, token: number): void => {
    mirror.writeIssued(pageIndex, token);
    mirror.writeCompleted(pageIndex, token, true);
  };

  it('an unforced synchronous promotion of a copy lacking a write acknowledged while the link was down breaks the rule', () => {
    const { mirror, log, disk } = setup();
    let connected = true;
    mirror.linkConnected = () => connected;
    connected = false;
    acknowledge(mirror, 2, 5);
    mirror.promoted(false, disk, true);
    expect(invariants(log)).toEqual(['acknowledgedWriteLost', 'promotionRule']);
  });

  it('with the link up the same miss is an acknowledged write lost (early acknowledgement), not the promotion rule', () => {
    const { mirror, log, disk } = setup();
    acknowledge(mirror, 2, 5);
    mirror.promoted(false, disk, true);
    expect(invariants(log)).toEqual(['acknowledgedWriteLost']);
  });

  it('a forced promotion, or an asynchronous one, accepts the loss; a copy holding every write passes', () => {
    for (const [forced, sync] of [[true, true], [false, false]] as const) {
      const { mirror, log, disk } = setup();
      mirror.detachRequested();
      acknowledge(mirror, 2, 5);
      mirror.promoted(forced, disk, sync);
      expect(invariants(log)).toEqual([]);
    }
    const { kernel, mirror, log, disk } = setup();
    acknowledge(mirror, 2, 5);
    disk.write(DATA_FIRST_PAGE + 2, 5, () => {});
    kernel.run({});
    mirror.promoted(false, disk, true);
    expect(invariants(log)).toEqual([]);
  });
});

describe('a partial plan is judged against the copy production can know of', () => {
  const write = (kernel: Kernel, disk: SimulatedDisk, page: number, token: number): void => {
    disk.write(page, token, () => {});
    kernel.run({});
  };
  /** Production wrote pages 3 and 5; the old copy holds 3 (replicated) but not 5 (tracked); then a new blank disk. */
  const replaced = () => {
    const world = setup();
    const { kernel, mirror, disk: old } = world;
    const newDisk = (name: string) => new SimulatedDisk(name, DATA_FIRST_PAGE + 64, kernel,
      { model: 'fixed', timeUs: 100 }, kernel.random.stream(name), quietWatcher);
    const production = newDisk('A.copy');
    const blank = newDisk('B.copy2');
    write(kernel, production, 3, 9);
    write(kernel, production, 5, 10);
    write(kernel, old, 3, 9);
    mirror.targetCopyReplaced(old, 1, 10);
    mirror.targetCopy = () => blank;
    return { ...world, production, blank };
  };

  it('before a message the target sent since reaches production: the copy it knew (its tracking describes it)', () => {
    const { mirror, log, production, blank } = replaced();
    mirror.messageDelivered(1, 9); // sent before the replacement
    mirror.messageDelivered(0, 12); // production's own message to the target tells production nothing
    mirror.syncPlanned(false, [5], production, blank);
    expect(invariants(log)).toEqual([]);
    mirror.syncPlanned(false, [], production, blank);
    expect(invariants(log)).toEqual(['trackingMissedPage']);
    expect(log.violations[0].message).toContain('to B.copy plans 0 pages but misses 1 that differ (first: page 5)');
    expect(log.violations[0].chain[0]).toContain('was replaced');
  });

  it('once one has: the new copy, on which the same plan misses every page the old copy held', () => {
    const { mirror, log, production, blank } = replaced();
    mirror.messageDelivered(1, 10);
    mirror.syncPlanned(false, [5], production, blank);
    expect(invariants(log)).toEqual(['trackingMissedPage']);
    expect(log.violations[0].message).toContain('to B.copy2 plans 1 pages but misses 1 that differ (first: page 3)');
  });
});

describe('a partial synchronisation plan judged against disk contents', () => {
  const twoDisks = () => {
    const { kernel, log, mirror, disk: target } = setup();
    const service = { model: 'fixed', timeUs: 100 } as const;
    const source = new SimulatedDisk('A.copy', DATA_FIRST_PAGE + 64, kernel, service, kernel.random.stream('source'),
      quietWatcher);
    return { kernel, log, mirror, source, target };
  };

  it('a page whose production write is outstanding with the version the target already holds is not missed', () => {
    const { kernel, log, mirror, source, target } = twoDisks();
    target.write(DATA_FIRST_PAGE + 3, 5, () => {});
    kernel.run({});
    // The production disk still queues the write the target already landed: the copies agree once it completes.
    source.write(DATA_FIRST_PAGE + 3, 5, () => {});
    mirror.syncPlanned(false, [], source, target);
    expect(invariants(log)).toEqual([]);
    kernel.run({});
    expect(source.peek(DATA_FIRST_PAGE + 3)).toBe(target.peek(DATA_FIRST_PAGE + 3));
  });

  it('an outstanding write of another version, or none, leaves the page missed', () => {
    const { kernel, log, mirror, source, target } = twoDisks();
    target.write(DATA_FIRST_PAGE + 3, 5, () => {});
    target.write(DATA_FIRST_PAGE + 4, 7, () => {});
    kernel.run({});
    source.write(DATA_FIRST_PAGE + 3, 6, () => {});
    mirror.syncPlanned(false, [], source, target);
    expect(invariants(log)).toEqual(['trackingMissedPage']);
    expect(log.violations[0].message).toContain('misses 2 that differ');
  });
});

describe('a replicated write the target received and has yet to write', () => {
  const delivered = () => {
    const { kernel, log, mirror, disk: target } = setup();
    const service = { model: 'fixed', timeUs: 100 } as const;
    const source = new SimulatedDisk('A.copy', DATA_FIRST_PAGE + 64, kernel, service, kernel.random.stream('source'),
      quietWatcher);
    mirror.targetCopy = () => target;
    target.write(DATA_FIRST_PAGE + 3, 5, () => {});
    source.write(DATA_FIRST_PAGE + 3, 6, () => {});
    kernel.run({});
    // The link delivered write 6 to the target's system (swarm-busy 7043: queued behind a slow write of the page).
    mirror.replicatedWriteDelivered(DATA_FIRST_PAGE + 3, 6);
    return { log, mirror, source, target };
  };

  it('is on its way: a plan without its page misses nothing', () => {
    const { log, mirror, source, target } = delivered();
    mirror.syncPlanned(false, [], source, target);
    expect(invariants(log)).toEqual([]);
  });

  it('lost with a crash of the target, or landed and overwritten since, it no longer excuses the page', () => {
    const crashed = delivered();
    crashed.mirror.disksCrashed([crashed.target]);
    crashed.mirror.syncPlanned(false, [], crashed.source, crashed.target);
    expect(invariants(crashed.log)).toEqual(['trackingMissedPage']);
    const landed = delivered();
    landed.mirror.pageWritten(landed.target, DATA_FIRST_PAGE + 3, 6, 5, false);
    landed.mirror.pageWritten(landed.target, DATA_FIRST_PAGE + 3, 4, 6, false); // an older version over it
    landed.mirror.syncPlanned(false, [], landed.source, landed.target);
    expect(invariants(landed.log)).toEqual(['trackingMissedPage']);
  });
});
