// The system component's guards on two systems wired in memory: what each refusal, vary-off wait and role
// rule prevents when its precondition is violated. The mutation named beside each test (docs/guards.md)
// removes the guard and makes the test fail.

import { describe, expect, it } from 'vitest';
import { SYSASP_MIRROR_STATE_PAGE } from '../sls/iasp-layout.js';
import { ADDRESS_POLICIES } from '../sls/address-policy.js';
import { MIRROR_POLICIES } from '../geomirror/mirror-policy.js';
import { MemoryBlockDevice, type PendingOperation } from '../testing/manual-io.js';
import { SYSTEM_MIRROR_CONFIG, SystemPair } from '../testing/system-pair.js';
import { SYSASP_ROLE_PAGE } from './role-record.js';

const on = (device: string, kind: PendingOperation['kind'], page?: number) => (operation: PendingOperation) =>
  operation.device === device && operation.kind === kind && (page === undefined || operation.firstPage === page);
/** Runs until only completions matching `hold` are left. */
const runHolding = (pair: SystemPair, hold: (operation: PendingOperation) => boolean): void => {
  const held = () => pair.world.pending.length > 0 && pair.world.pending.every(hold) && pair.link.pendingCount === 0;
  expect(pair.run(held, hold)).toBe(true);
};
/** Detaches the mirror copy and varies it on at the target. */
const useCopyOnTarget = (pair: SystemPair): void => {
  expect(pair.a.detach(true)).toBeUndefined();
  pair.run();
  expect(pair.b.varyOnTarget('mirror')).toBeUndefined();
  pair.run();
  expect(pair.b.copyInUse).toBe('mirrorCopy');
};

describe('switchover: production stops, the copies are in step, then the target is asked', () => {
  // Mutations: M.switchover.twice, M.switchover.active, M.varyOnProd.switching.
  it('is refused at once while one is under way or mirroring is not active', () => {
    const pair = new SystemPair().start();
    expect(pair.a.switchover()).toBeUndefined();
    expect(pair.a.switchover()).toBe('a switchover is under way');
    expect(pair.a.varyOnProduction()).toBe('a switchover is under way'); // M.varyOnProd.switching
    const down = new SystemPair().start();
    down.link.setConnected(false);
    expect(down.a.switchover()).toBe('mirroring is active, link down');
    expect(down.a.copyInUse).toBe('mirrored'); // the applications were not stopped for nothing
  });

  // Mutation: M.switchover.varyOffFirst.
  it('asks the target only once production has nothing varied on', () => {
    const pair = new SystemPair().start();
    pair.a.switchover();
    expect(pair.run(() => pair.sentBy(0, 'switchover') === 1)).toBe(true);
    expect(pair.a.copyInUse).toBeUndefined();
    pair.run();
    expect(pair.b.role).toBe('production');
  });

  // Mutation: M.varyOnProd.recheck.
  it('a production vary-on that completes once a switchover began is undone', () => {
    const pair = new SystemPair().start();
    expect(pair.a.varyOffProduction()).toBeUndefined();
    pair.run();
    expect(pair.a.varyOnProduction()).toBeUndefined();
    expect(pair.a.switchover()).toBeUndefined();
    expect(pair.run(() => pair.sentBy(0, 'switchover') === 1)).toBe(true);
    expect(pair.a.copyInUse).toBeUndefined();
  });

  // Mutations: M.switchover.inStep, M.switchover.giveUpVaryOn, M.varyOnProd.busy.
  it('asynchronous mode: a write not yet on the target refuses the switchover, production runs again', () => {
    const pair = new SystemPair({ ...SYSTEM_MIRROR_CONFIG, mode: 'async' }).start();
    const targetWrite = on('B.iasp', 'write');
    let acknowledged = false;
    pair.nodes[0].store.writePage(5, 77, (result) => (acknowledged = result.ok));
    expect(pair.a.switchover()).toBeUndefined();
    // Promoted now, the target would lack a write production acknowledged (its disk has not landed it).
    expect(pair.run(() => pair.nodes[0].events.refusals.length > 0, targetWrite)).toBe(true);
    expect(acknowledged).toBe(true);
    expect(pair.nodes[0].events.refusals[0]).toMatch(/^switchover: the copies are not in step/);
    expect(pair.run(() => pair.a.copyInUse === 'mirrored', targetWrite)).toBe(true);
    expect(pair.b.role).toBe('target');
  });

  // Mutations: M.switching.uncertain, M.peerSaid.uncertainRefused.
  it('a request lost with the connection is refused when the peer says it is still the target', () => {
    const pair = new SystemPair().start();
    pair.a.switchover();
    expect(pair.run(() => pair.sentBy(0, 'switchover') === 1)).toBe(true);
    pair.link.setConnected(false);
    pair.link.setConnected(true);
    pair.run();
    expect(pair.nodes[0].events.refusals).toContain('switchover: the switchover request was lost with the connection');
    expect(pair.a.role).toBe('production');
    expect(pair.a.copyInUse).toBe('mirrored');
    expect(pair.a.switchover()).toBeUndefined(); // no longer "under way" forever
  });

  // Mutations: M.switchoverAsked.generation, M.switchoverDone.generation.
  it('a request from an older generation, or an answer to another, changes no role', () => {
    const pair = new SystemPair().start();
    pair.link.ends[0].send({ kind: 'switchover', generation: 0 }); // B is at generation 0 already
    pair.run();
    expect(pair.b.role).toBe('target');
    expect(pair.sentBy(1, 'switchoverRefused')).toBe(1);
    pair.a.switchover();
    pair.link.ends[1].send({ kind: 'switchoverDone', generation: 7 });
    pair.link.deliverOne((message) => message.kind === 'switchoverDone');
    expect(pair.a.role).toBe('production');
  });
});

describe('failover and promotion', () => {
  // Asynchronous: a synchronous production started with the link down waits for its peer (see docs/guards.md).
  const ASYNC = { ...SYSTEM_MIRROR_CONFIG, mode: 'async' } as const;

  // Mutations: M.failover.varyOffFirst, M.failover.busy.
  it('varies the target\'s copy off before promoting it, so production can vary on', () => {
    const pair = new SystemPair(ASYNC).start();
    useCopyOnTarget(pair);
    pair.nodes[0].crash();
    expect(pair.b.failover(true)).toBeUndefined();
    expect(pair.b.failover(true)).toBe('a promotion or a vary-on is under way'); // M.failover.busy
    pair.run();
    expect(pair.b.role).toBe('production');
    expect(pair.b.generation).toBe(1);
    expect(pair.b.copyInUse).toBe('mirrored');
  });

  // Mutation: M.promote.persistFirst.
  it('acts as production only once its role record landed', () => {
    const pair = new SystemPair(ASYNC).start();
    pair.nodes[0].crash();
    pair.b.failover(true);
    // A crash before the record lands restarts it as target: nothing it did as production may count.
    runHolding(pair, on('B.sysasp', 'write', SYSASP_ROLE_PAGE));
    expect(pair.nodes[1].events.roles).toEqual([]);
    expect(pair.b.copyInUse).toBeUndefined();
    pair.run();
    expect(pair.nodes[1].events.roles).toEqual(['production (failover)']);
    expect(pair.b.copyInUse).toBe('mirrored');
  });

  // Mutations: M.becomeTarget.varyOffFirst, M.peerSaid.demote.
  it('a production demoted by a higher generation varies its copy off before it mirrors', () => {
    const pair = new SystemPair().start();
    pair.link.setConnected(false);
    pair.b.failover(true);
    pair.run();
    expect(pair.b.role).toBe('production');
    expect(pair.a.copyInUse).toBe('mirrored');
    pair.link.setConnected(true);
    pair.run();
    expect(pair.a.role).toBe('target');
    expect(pair.a.copyInUse).toBeUndefined();
  });

  // Mutation: M.peerSaid.adoptGeneration.
  it('a target adopts the higher generation production says it holds', () => {
    const pair = new SystemPair().start();
    // Else a later failover of this target takes a generation at or below production's and loses to it.
    const hello = {
      kind: 'hello', role: 'production', generation: 5, systemNumber: 1, fresh: false, ask: false,
    } as const;
    pair.link.ends[0].send(hello);
    pair.run();
    expect(pair.b.generation).toBe(5);
  });

  // Mutation: M.detach.ready.
  it('no operator request reaches a production whose mirroring state is still being restored', () => {
    const pair = new SystemPair().start();
    pair.nodes[0].crash();
    pair.nodes[0].ipl(false);
    pair.link.setConnected(true);
    runHolding(pair, on('A.sysasp', 'read', SYSASP_MIRROR_STATE_PAGE));
    expect(pair.a.role).toBe('production');
    expect(pair.a.detach(true)).toBe('this system is not production (or not ready)');
  });
});

describe('the target\'s copies in use', () => {
  // Mutation: M.varyOnTarget.busy.
  it('a second vary-on is refused, and the first keeps the copy from a reattach', () => {
    const pair = new SystemPair().start();
    pair.a.detach(true);
    pair.run();
    expect(pair.b.varyOnTarget('mirror')).toBeUndefined();
    expect(pair.b.varyOnTarget('mirror')).toBe('a copy is already varied on at the target');
    pair.run();
    expect(pair.a.reattach()).toBeUndefined();
    pair.run();
    expect(pair.b.copyInUse).toBe('mirrorCopy');
    expect(pair.a.mirroringInStep).toBe(false); // the reattach was refused: nothing synchronised onto the copy
  });

  // Mutation: M.varyOnTarget.promoting.
  it('no vary-on while a promotion is under way', () => {
    const pair = new SystemPair().start();
    const device = new MemoryBlockDevice(pair.world, 'B.storage', pair.nodes[1].copy.pageCount);
    pair.nodes[1].storage = { device, isNew: true };
    pair.nodes[0].crash();
    pair.b.failover(true);
    runHolding(pair, on('B.iasp', 'read', 0)); // the promotion asks the copy whether it still answers
    expect(pair.b.varyOnTarget('storage')).toBe('a promotion is under way');
  });

  // Mutation: M.varyOnTarget.failedReleases.
  it('a vary-on that failed leaves the copy free for the reattach', () => {
    const pair = new SystemPair().start();
    pair.a.detach(true);
    pair.run();
    pair.nodes[1].copy.ioErrorsLeft = 1;
    expect(pair.b.varyOnTarget('mirror')).toBeUndefined();
    pair.run();
    expect(pair.nodes[1].events.refusals).toEqual(['varyOn: vary-on failed (ioError)']);
    expect(pair.a.reattach()).toBeUndefined();
    pair.run();
    expect(pair.a.mirroringInStep).toBe(true);
  });

  // Mutation: M.copyReplaced.drains.
  it('a new target disk ends the vary-off waiting for the old disk\'s operations', () => {
    const pair = new SystemPair().start();
    useCopyOnTarget(pair);
    pair.nodes[1].store.writePage(3, 5, () => {});
    runHolding(pair, on('B.iasp', 'write'));
    expect(pair.b.varyOffTarget()).toBeUndefined();
    // The old disk is gone with what it held; the operator puts the copy on a new one.
    const kept = pair.world.pending.filter((operation) => operation.device !== 'B.iasp');
    pair.world.pending.splice(0, pair.world.pending.length, ...kept);
    pair.nodes[1].copy = new MemoryBlockDevice(pair.world, 'B.iasp', pair.nodes[1].copy.pageCount);
    pair.b.mirrorCopyReplaced();
    pair.run();
    expect(pair.b.varyOnTarget('mirror')).not.toBe('a copy is already varied on at the target');
  });

  // Mutations: M.reattach.noteNewCopy, M.target.noteNewCopy.
  it('invalidate-all: a reattach invalidates the pointers of both systems', () => {
    const invalidateAll = ADDRESS_POLICIES['invalidate-all'];
    const pair = new SystemPair(SYSTEM_MIRROR_CONFIG, MIRROR_POLICIES.correct, invalidateAll).start();
    pair.a.detach(true);
    pair.run();
    expect(pair.a.reattach()).toBeUndefined();
    pair.run();
    expect(pair.nodes[0].events.invalidations).toEqual([1]);
    expect(pair.nodes[1].events.invalidations).toEqual([1]);
  });
});

describe('a target copy on a new disk', () => {
  // Mutations: M.copyReplaced.fresh, M.freshSeen, M.targetMirroring.fresh.
  it('says it is fresh until production has seen it, and is synchronised in full', () => {
    const pair = new SystemPair().start();
    pair.nodes[0].store.writePage(5, 77, () => {});
    pair.run();
    pair.nodes[1].copy = new MemoryBlockDevice(pair.world, 'B.iasp', pair.nodes[1].copy.pageCount);
    pair.b.mirrorCopyReplaced();
    expect(pair.b.targetMirroring).toBe(false); // M.targetMirroring.fresh: the world's "quiet" waits on it
    pair.run();
    expect(pair.b.targetMirroring).toBe(true);
    expect(pair.a.mirroringInStep).toBe(true);
    expect(pair.nodes[1].copy.content()).toEqual(pair.nodes[0].copy.content());
  });
});
