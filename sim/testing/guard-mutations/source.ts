// Named mutations of the mirror source's guards (src/geomirror/mirror-source.ts): each removes one guard; the
// tests in `caughtBy` fail under it (docs/guards.md). Checked by `npx tsx sim/testing/guard-mutations/run.ts`.

import type { GuardMutation } from './guard-mutation.js';

const MIRROR_SOURCE = 'src/geomirror/mirror-source.ts';

export const SOURCE_MUTATIONS: readonly GuardMutation[] = [
  {
    id: 'S.detach.notActive', file: MIRROR_SOURCE, where: 'MirrorSource.detach',
    guard: 'detach refused unless mirroring is active',
    find: 'if (this.state !== \'active\') return `mirroring is ${this.state}, not active`;',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.detach.linkDown', file: MIRROR_SOURCE, where: 'MirrorSource.detach',
    guard: 'detach refused while the link is down',
    find: 'if (!this.channel.connected) return \'the link is down\';\n    this.setState(\'detached\'',
    replace: 'this.setState(\'detached\'',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.reattach.notDetached', file: MIRROR_SOURCE, where: 'MirrorSource.reattach',
    guard: 'reattach refused unless detached',
    find: 'if (this.state !== \'detached\') return `mirroring is ${this.state}, not detached`;',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.reattach.linkDown', file: MIRROR_SOURCE, where: 'MirrorSource.reattach',
    guard: 'reattach refused while the link is down',
    find: 'if (!this.channel.connected) return \'the link is down\';\n    this.reattachPending = true;',
    replace: 'this.reattachPending = true;',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.resume.notSuspended', file: MIRROR_SOURCE, where: 'MirrorSource.resume',
    guard: 'resume refused unless suspended',
    find: 'if (this.state !== \'suspended\') return `mirroring is ${this.state}, not suspended`;',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.resume.linkDown', file: MIRROR_SOURCE, where: 'MirrorSource.resume',
    guard: 'resume refused while the link is down',
    find: 'if (!this.channel.connected) return \'the link is down\';\n    const tracked',
    replace: 'const tracked',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.reattachReply.stale', file: MIRROR_SOURCE, where: 'MirrorSource.receive (reattachReply)',
    guard: 'a reattach reply is taken only while a reattach is pending',
    find: 'if (!this.reattachPending || this.state !== \'detached\') return;',
    replace: 'if (this.state !== \'detached\') return;',
    caughtBy: [],
    defence: 'a reply can only answer a reattach of this incarnation: each incarnation has its own PeerChann'
      + 'el side and the channel never delivers a message of an earlier connection',
  },
  {
    id: 'S.reattachReply.refused', file: MIRROR_SOURCE, where: 'MirrorSource.receive (reattachReply)',
    guard: 'a refused reattach (copy in use at the target) synchronises nothing',
    find: 'if (message.refused) return this.observer.sourceState(this.state, \'reattach refused: the mirr'
      + 'or copy is varied on\');',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.reattach.unionOursOnly', file: MIRROR_SOURCE, where: 'MirrorSource.receive (reattachReply)',
    guard: 'reattach plan: the target\'s changed pages are in it',
    find: 'const union = [...new Set([...ours, ...message.changedPages])]',
    replace: 'const union = [...new Set([...ours])]',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.reattach.unionTheirsOnly', file: MIRROR_SOURCE, where: 'MirrorSource.receive (reattachReply)',
    guard: 'reattach plan: production\'s tracked pages are in it',
    find: 'const union = [...new Set([...ours, ...message.changedPages])]',
    replace: 'const union = [...new Set([...message.changedPages])]',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.inStep.localWrites', file: MIRROR_SOURCE, where: 'MirrorSource.inStep',
    guard: 'in step only with no production write still queued on its disk',
    find: ' && this.localWritesInFlight === 0;',
    replace: ';',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.inStep.unacknowledged', file: MIRROR_SOURCE, where: 'MirrorSource.inStep',
    guard: 'in step only with every replicated write acknowledged',
    find: '&& this.unacknowledged.size === 0 ',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.inStep.connected', file: MIRROR_SOURCE, where: 'MirrorSource.inStep',
    guard: 'in step only while connected',
    find: 'this.state === \'active\' && this.channel.connected &&',
    replace: 'this.state === \'active\' &&',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.inStep.started', file: MIRROR_SOURCE, where: 'MirrorSource.inStep',
    guard: 'in step only once started or restored',
    find: 'return this.started && this.state === \'active\'',
    replace: 'return this.state === \'active\'',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.localOrder', file: MIRROR_SOURCE, where: 'MirrorSource.writeNow',
    guard: 'each page\'s production writes issued one after another (PageOrder)',
    find: 'this.localOrder.run(pageIndex, 1, (finished) => this.issueWrite(pageIndex, token, done, finish'
      + 'ed));',
    replace: 'this.issueWrite(pageIndex, token, done, () => {});',
    caughtBy: ['src/geomirror/mirror-source-writes.test.ts'],
  },
  {
    id: 'S.localRetry', file: MIRROR_SOURCE, where: 'MirrorSource.writeLocal',
    guard: 'a transient production write error is retried',
    find: 'const retry = !result.ok && result.error === \'ioError\' && attemptNumber < LOCAL_WRITE_ATTEMP'
      + 'TS && !this.stopped;',
    replace: 'const retry = false;',
    caughtBy: ['src/geomirror/mirror-source-writes.test.ts'],
  },
  {
    id: 'S.compensate', file: MIRROR_SOURCE, where: 'MirrorSource.issueWrite',
    guard: 'a production write that failed for good: production\'s own content is sent again',
    find: 'if (result.ok || entry === undefined) return complete();',
    replace: 'return complete();',
    caughtBy: ['src/geomirror/mirror-source-writes.test.ts'],
  },
  {
    id: 'S.compensate.trackOnFail', file: MIRROR_SOURCE, where: 'MirrorSource.issueWrite',
    guard: '... or, when that cannot be sent, its page is tracked',
    find: 'if (read.ok && !this.stopped && this.replicating) this.replicate(pageIndex, read.token);\n    '
      + '    else this.tracker.record(pageIndex);',
    replace: 'if (read.ok && !this.stopped && this.replicating) this.replicate(pageIndex, read.token);',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.targetFailed.suspend', file: MIRROR_SOURCE, where: 'MirrorSource.targetWriteFailed',
    guard: 'a write the target could not land suspends mirroring',
    find: 'if (this.replicating) this.suspend(`the target could not write replicated page ${pageIndex}`);'
      + '\n    else this.forgetUnacknowledged();',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-writes.test.ts'],
  },
  {
    id: 'S.targetFailed.repeat', file: MIRROR_SOURCE, where: 'MirrorSource.targetWriteFailed',
    guard: 'a repeated failure report is answered with writesForgotten again',
    find: 'if (seq <= this.forgottenSeq) this.channel.send({ kind: \'writesForgotten\', seq: this.forgott'
      + 'enSeq }, 64);',
    replace: '',
    caughtBy: [],
    defence: 'every reconnection sends writesForgotten before any resend (S.reconnect.forgotten, tested), so'
      + ' a target never repeats a failure this source forgot',
  },
  {
    id: 'S.targetFailed.autoResume', file: MIRROR_SOURCE, where: 'MirrorSource.targetWriteFailed',
    guard: 'autoResume after a target failure',
    find: 'this.timer.after(RESUME_AFTER_TARGET_FAILURE_US, () => {',
    replace: 'void (() => {',
    caughtBy: ['src/geomirror/mirror-source-writes.test.ts'],
  },
  {
    id: 'S.forget.track', file: MIRROR_SOURCE, where: 'MirrorSource.forgetUnacknowledged',
    guard: 'writes no longer awaited are tracked',
    find: 'this.tracker.record(entry.pageIndex);\n      entry.acknowledged = true;',
    replace: 'entry.acknowledged = true;',
    caughtBy: ['src/geomirror/mirror-source-writes.test.ts'],
  },
  {
    id: 'S.reconnect.sourceState', file: MIRROR_SOURCE, where: 'MirrorSource.connectionChanged',
    guard: 'a reconnection tells the target the source state',
    find: 'this.channel.send({ kind: \'sourceState\', state: this.state }, 64);',
    replace: '',
    caughtBy: [],
    defence: 'the target learns each way the source leaves "active" by itself too: syncStarted, detach, its '
      + 'own failed write, and a link down past the suspend timeout (T.inSync.*, tested)',
  },
  {
    id: 'S.reconnect.forgotten', file: MIRROR_SOURCE, where: 'MirrorSource.connectionChanged',
    guard: 'a reconnection says again which writes are forgotten, first',
    find: 'if (this.forgottenSeq > 0) this.channel.send({ kind: \'writesForgotten\', seq: this.forgottenS'
      + 'eq }, 64);\n    if (this.state === \'active\'',
    replace: 'if (this.state === \'active\'',
    caughtBy: ['src/geomirror/mirror-source-writes.test.ts'],
  },
  {
    id: 'S.reconnect.resendWrites', file: MIRROR_SOURCE, where: 'MirrorSource.connectionChanged',
    guard: 'a reconnection resends unacknowledged writes',
    find: 'for (const [seq, entry] of this.unacknowledged) this.channel.send(',
    replace: 'for (const [seq, entry] of [] as [number, Unacknowledged][]) this.channel.send(',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.reconnect.resendSyncStep', file: MIRROR_SOURCE, where: 'MirrorSource.connectionChanged',
    guard: 'a reconnection resends the sync step in flight',
    find: 'if (this.sync?.awaiting !== undefined) this.sendSyncStep();\n      else if',
    replace: 'if (this.sync?.awaiting !== undefined) {}\n      else if',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.reconnect.continueSync', file: MIRROR_SOURCE, where: 'MirrorSource.connectionChanged',
    guard: 'a reconnection continues a synchronisation that waited for the link',
    find: 'else if (this.state === \'synchronizing\') this.copyNextRegion();',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.reconnect.autoResume', file: MIRROR_SOURCE, where: 'MirrorSource.connectionChanged',
    guard: 'autoResume of a suspended mirror when the link returns',
    find: '} else if (this.state === \'suspended\' && this.config.autoResume) this.resume();',
    replace: '}',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.reconnect.notStarted', file: MIRROR_SOURCE, where: 'MirrorSource.connectionChanged',
    guard: 'a source not yet started or restored stays silent',
    find: 'if (!this.started) return; // restore()',
    replace: 'if (false) return; // restore()',
    caughtBy: [],
    defence: 'before restore() a source has nothing to resend and its default state is never acted on; resto'
      + 're() then says its state',
  },
  {
    id: 'S.suspendTimer.recheck', file: MIRROR_SOURCE, where: 'MirrorSource.connectionChanged',
    guard: 'the suspend timer suspends only if the link is still down',
    find: 'if (!this.channel.connected) this.suspend();',
    replace: 'this.suspend();',
    caughtBy: [],
    defence: 'the reconnection cancels the timer (the port promises a cancelled callback never runs)',
  },
  {
    id: 'S.suspend.trackRemaining', file: MIRROR_SOURCE, where: 'MirrorSource.suspend',
    guard: 'a suspend mid-synchronisation tracks the regions not yet copied',
    find: 'if (wasSync.full) this.tracker.invalidate();\n      else for (let index = wasSync.index; index'
      + ' < wasSync.regions.length; index += 1) this.trackRegion(wasSync.regions[index]);',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.suspend.remainingFull', file: MIRROR_SOURCE, where: 'MirrorSource.suspend',
    guard: 'a suspend mid full synchronisation makes the resume full',
    find: 'if (wasSync.full) this.tracker.invalidate();\n      else for',
    replace: 'if (false) this.tracker.invalidate();\n      else for',
    caughtBy: [],
    defence: 'equivalent: tracking every remaining region of a full plan is as good, and overflows the track'
      + 'ing space to a full synchronisation anyway',
  },
  {
    id: 'S.suspend.noTracking', file: MIRROR_SOURCE, where: 'MirrorSource.suspend',
    guard: 'tracking off in the configuration: a resume synchronises in full',
    find: 'if (!this.config.tracking) this.tracker.invalidate();\n    this.forgetUnacknowledged();',
    replace: 'this.forgetUnacknowledged();',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.restore.fullSync', file: MIRROR_SOURCE, where: 'MirrorSource.restore',
    guard: 'restored active or synchronising: a full synchronisation',
    find: 'else this.startSync(true, [], 0, `writes in flight',
    replace: 'else this.setState(\'active\', \'x\'); if (false) this.startSync(true, [], 0, `writes in flight',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.restore.resume', file: MIRROR_SOURCE, where: 'MirrorSource.restore',
    guard: 'restored suspended with the link up and autoResume: resume',
    find: 'if (state === \'suspended\' && this.config.autoResume && this.channel.connected) this.resume();',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.restore.invalidate', file: MIRROR_SOURCE, where: 'MirrorSource.restore',
    guard: 'tracking was volatile: invalidated at restore',
    find: 'const full = Math.floor(token / 8) % 2 === 1;\n      this.tracker.invalidate();',
    replace: 'const full = Math.floor(token / 8) % 2 === 1;',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.copyReplaced.invalidate', file: MIRROR_SOURCE, where: 'MirrorSource.targetCopyReplaced',
    guard: 'a new target disk invalidates the tracking',
    find: 'this.tracker.invalidate();\n    if (this.state === \'active\' || this.state === \'synchronizin'
      + 'g\') this.startWithFullSync(\'the target copy is on a new disk\');',
    replace: 'if (this.state === \'active\' || this.state === \'synchronizing\') this.startWithFullSync(\'th'
      + 'e target copy is on a new disk\');',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.copyReplaced.fullSync', file: MIRROR_SOURCE, where: 'MirrorSource.targetCopyReplaced',
    guard: 'a new target disk is synchronised in full',
    find: 'if (this.state === \'active\' || this.state === \'synchronizing\') this.startWithFullSync(\'th'
      + 'e target copy is on a new disk\');',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.targetRestarted.invalidate', file: MIRROR_SOURCE, where: 'MirrorSource.targetRestarted',
    guard: 'a restarted target invalidates the tracking',
    find: 'this.tracker.invalidate();\n    if (this.state !== \'active\' && this.state !== \'synchronizin'
      + 'g\') return;',
    replace: 'if (this.state !== \'active\' && this.state !== \'synchronizing\') return;',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.targetRestarted.fullSync', file: MIRROR_SOURCE, where: 'MirrorSource.targetRestarted',
    guard: 'a restarted target is synchronised in full',
    find: 'if (this.channel.connected) this.connectionChanged(true);\n    this.startWithFullSync(reason);',
    replace: 'if (this.channel.connected) this.connectionChanged(true);',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.targetRestarted.resend', file: MIRROR_SOURCE, where: 'MirrorSource.targetRestarted',
    guard: 'a restarted target is sent the unacknowledged writes again',
    find: 'if (this.channel.connected) this.connectionChanged(true);\n    this.startWithFullSync(reason);',
    replace: 'this.startWithFullSync(reason);',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.detach.untrackedInvalidate', file: MIRROR_SOURCE, where: 'MirrorSource.detach',
    guard: 'an untracked detach invalidates production\'s tracking',
    find: 'if (!track || !this.config.tracking) this.tracker.invalidate();\n    else this.resetTracker();',
    replace: 'this.resetTracker();',
    caughtBy: [],
    defence: 'an untracked detach also makes the target answer the reattach with "unknown", which forces the'
      + ' full synchronisation by itself',
  },
  {
    id: 'S.copyRegion.linkDown', file: MIRROR_SOURCE, where: 'MirrorSource.copyNextRegion',
    guard: 'no region is gated and read while the link is down',
    find: 'if (!this.channel.connected) return; // resumes when the link is back, or suspends',
    replace: '',
    caughtBy: [],
    defence: 'without it a region is gated and read while the link is down, then resent at the reconnection '
      + '(S.reconnect.resendSyncStep): only production writes to that region wait longer',
  },
  {
    id: 'S.syncAck.step', file: MIRROR_SOURCE, where: 'MirrorSource.syncAcknowledged',
    guard: 'a sync acknowledgement counts only for the step awaited',
    find: 'if (sync === undefined || sync.awaiting === undefined || step !== sync.step) return;',
    replace: 'if (sync === undefined || sync.awaiting === undefined) return;',
    caughtBy: [],
    defence: 'a step\'s acknowledgement can only arrive on the connection that carried the step, and a retir'
      + 'ed target sends none',
  },
  {
    id: 'S.syncAck.notOk', file: MIRROR_SOURCE, where: 'MirrorSource.syncAcknowledged',
    guard: 'a range the target could not write is copied again',
    find: 'if (!ok) {\n      this.timer.after(1000, () => this.copyNextRegion());\n      return;\n    }\n'
      + '    sync.index += 1;',
    replace: 'sync.index += 1;',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.syncRead.retry', file: MIRROR_SOURCE, where: 'MirrorSource.copyNextRegion',
    guard: 'a region production could not read is read again',
    find: 'if (!result.ok) {\n          if (this.policy.gateSyncRegions) this.gate.open();\n          thi'
      + 's.timer.after(1000, () => this.copyNextRegion());\n          return;\n        }',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.issue.stopped', file: MIRROR_SOURCE, where: 'MirrorSource.issueWrite',
    guard: 'a stopped source replicates nothing',
    find: 'const replicate = !this.stopped && this.replicating;',
    replace: 'const replicate = this.replicating;',
    caughtBy: [],
    defence: 'a stopped source\'s side is retired: what it would send is dropped (PeerChannel.send)',
  },
  {
    id: 'S.seq.restart', file: MIRROR_SOURCE, where: 'MirrorSource constructor',
    guard: 'sequence numbers of a new incarnation start past the old ones',
    find: 'this.nextSeq = timer.nowUs() * 1024 + 1;',
    replace: 'this.nextSeq = 1;',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.track.whileNotReplicating', file: MIRROR_SOURCE, where: 'MirrorSource.issueWrite',
    guard: 'writes while suspended or detached are tracked',
    find: 'if (!replicate) this.tracker.record(pageIndex);',
    replace: '',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.writeGate', file: MIRROR_SOURCE, where: 'MirrorSource.write',
    guard: 'writes pass the synchronisation gate',
    find: 'this.gate.admitWrite(pageIndex, () => this.writeNow(pageIndex, token, done));',
    replace: 'this.writeNow(pageIndex, token, done);',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'S.startSync.resetTracker', file: MIRROR_SOURCE, where: 'MirrorSource.startSync',
    guard: 'the tracker starts afresh with each synchronisation',
    find: 'this.sync = { full, regions, index: 0, step: 0, busy: false, awaiting: undefined };\n    this.'
      + 'resetTracker();',
    replace: 'this.sync = { full, regions, index: 0, step: 0, busy: false, awaiting: undefined };',
    caughtBy: [],
    defence: 'hygiene: a suspend or detach resets the tracker itself before it is used',
  },
  {
    id: 'S.persistCheckpoint', file: MIRROR_SOURCE, where: 'MirrorSource.syncAcknowledged',
    guard: 'a full synchronisation persists its checkpoint',
    find: 'if (sync.full) this.persistState(sync.regions[sync.index - 1] + 1);',
    replace: '',
    caughtBy: [],
    defence: 'not a guard: restore() reads the checkpoint but always synchronises in full from region 0 (saf'
      + 'e; DESIGN 4.3 asks for a resume where it left off)',
  },
  {
    id: 'S.statePage', file: MIRROR_SOURCE, where: 'MirrorSource.persistState',
    guard: 'one state write outstanding at a time: an older state never lands over a newer one',
    find: 'this.statePage.set(token);',
    replace: 'this.sysasp.write(SYSASP_MIRROR_STATE_PAGE, token, () => {});',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
];
