// Named mutations of the mirror target's, replica writer's and page order's guards (src/geomirror): each removes
// one guard; the tests in `caughtBy` fail under it (docs/guards.md). Checked by sim/testing/guard-mutations/run.ts.

import type { GuardMutation } from './guard-mutation.js';

const CHANGE_TRACKER = 'src/geomirror/change-tracker.ts';
const MIRROR_TARGET = 'src/geomirror/mirror-target.ts';
const PAGE_ORDER = 'src/geomirror/page-order.ts';
const REPLICA_WRITER = 'src/geomirror/replica-writer.ts';

export const TARGET_MUTATIONS: readonly GuardMutation[] = [
  {
    id: 'T.varyOn.mirroring', file: MIRROR_TARGET, where: 'MirrorTarget.deviceForVaryOn',
    guard: 'the mirror copy cannot be varied on while mirroring',
    find: 'if (this.state === \'mirroring\' && !(this.policy.varyOnWhileSyncing && !this.inSync)) return',
    replace: 'if (this.state === \'mirroring\' && this.state !== \'mirroring\') return',
    caughtBy: ['src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.varyOn.tracked', file: MIRROR_TARGET, where: 'MirrorTarget.deviceForVaryOn',
    guard: 'a detached copy is handed out through its change tracking',
    find: 'return { device: this.state === \'detached\' ? this.trackedDevice : this.device };',
    replace: 'return { device: this.device };',
    caughtBy: ['src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.checkCopy', file: MIRROR_TARGET, where: 'MirrorTarget.checkCopy',
    guard: 'a promotion onto a failed copy is refused, even forced',
    find: 'done(!read.ok && read.error === \'deviceFailed\' ? \'the mirror copy has failed (replace its d'
      + 'isk first)\' : undefined);',
    replace: 'done(undefined);',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'T.alreadyPromoted', file: MIRROR_TARGET, where: 'MirrorTarget.decidePromotion',
    guard: 'a promoted copy is not promoted again',
    find: 'if (this.state === \'promoted\') decision = { allowed: false, reason: \'already promoted\', ma'
      + 'yLose: \'\' };',
    replace: 'if (false) decision = { allowed: false, reason: \'already promoted\', mayLose: \'\' };',
    caughtBy: ['src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.partialImage.refused', file: MIRROR_TARGET, where: 'MirrorTarget.decidePromotion',
    guard: 'a copy holding a partial image is not promoted, even forced',
    find: 'else if (this.partialImage) decision = { allowed: false, reason: PARTIAL_IMAGE_REFUSAL, mayLose };',
    replace: '',
    caughtBy: ['src/system/mirrored-system.test.ts', 'src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.partialImage.restored', file: MIRROR_TARGET, where: 'MirrorTarget.restore',
    guard: 'the partial-image mark survives an IPL',
    find: 'this.partialImage = code >= PARTIAL_IMAGE_FLAG;',
    replace: 'this.partialImage = false;',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'T.partialImage.markFirst', file: MIRROR_TARGET, where: 'MirrorTarget.receive (syncRange)',
    guard: 'the partial-image mark lands before the first synchronisation range is issued',
    find: 'this.markPartialImage();\n          return this.arrive(message);',
    replace: 'this.markPartialImage();\n          return this.receive(message);',
    caughtBy: ['src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.partialImage.failedWrite', file: MIRROR_TARGET, where: 'MirrorTarget constructor (replica out of step)',
    guard: 'a replicated write that cannot land marks the copy partial',
    find: '      this.markPartialImage();\n    });',
    replace: '    });',
    caughtBy: ['src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.partialImage.cleared', file: MIRROR_TARGET, where: 'MirrorTarget.receive (syncDone)',
    guard: 'a completed synchronisation makes the copy an image again',
    find: 'if (this.inSync && this.partialImage) {',
    replace: 'if (false) {',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'T.inSync.linkDownPastTimeout', file: MIRROR_TARGET, where: 'MirrorTarget constructor (onConnection)',
    guard: 'a link down past the suspend timeout puts the copy out of step',
    find: 'if (up && this.linkDownSinceUs !== undefined && timer.nowUs() - this.linkDownSinceUs >= suspen'
      + 'dTimeoutUs) this.inSync = false;',
    replace: '',
    caughtBy: ['src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.inSync.sourceState', file: MIRROR_TARGET, where: 'MirrorTarget.receive (sourceState)',
    guard: 'a source state other than active puts the copy out of step',
    find: 'if (message.state !== \'active\') this.inSync = false;',
    replace: '',
    caughtBy: [],
    defence: 'layered with the target\'s own signals (syncStarted, detach, its failed writes, the link-down '
      + 'timer); no case found where only the source\'s state tells',
  },
  {
    id: 'T.inSync.syncDoneHolds', file: MIRROR_TARGET, where: 'MirrorTarget.receive (syncDone)',
    guard: 'a completed synchronisation brings the copy in step only if it holds every write',
    find: 'this.inSync = this.replica.holdsEveryWrite && !this.restartUnseen;',
    replace: 'this.inSync = !this.restartUnseen;',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'T.inSync.syncStarted', file: MIRROR_TARGET, where: 'MirrorTarget.receive (syncStarted)',
    guard: 'a synchronisation starting puts the copy out of step',
    find: 'case \'syncStarted\':\n        this.inSync = false;',
    replace: 'case \'syncStarted\':',
    caughtBy: ['src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.inSync.restore', file: MIRROR_TARGET, where: 'MirrorTarget.restore',
    guard: 'after its IPL the copy is out of step',
    find: 'this.state = code === 2 ? \'detached\' : \'mirroring\';\n      this.inSync = false;',
    replace: 'this.state = code === 2 ? \'detached\' : \'mirroring\';',
    caughtBy: ['src/geomirror/mirror-target-guards.test.ts'],
  },
  {
    id: 'T.inSync.replicaFailed', file: MIRROR_TARGET, where: 'MirrorTarget constructor (ReplicaWriter outOfStep)',
    guard: 'a write that could not land puts the copy out of step',
    find: 'this.replica = new ReplicaWriter(device, timer, send, () => {\n      this.inSync = false;\n    });',
    replace: 'this.replica = new ReplicaWriter(device, timer, send, () => {});',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'T.inSync.expectSync', file: MIRROR_TARGET, where: 'MirrorTarget.expectSync',
    guard: 'a new disk\'s target expects a synchronisation',
    find: 'expectSync(): void {\n    // Defence in depth: restore() has already put the copy out of step.'
      + '\n    this.inSync = false;',
    replace: 'expectSync(): void {',
    caughtBy: [],
    defence: 'mirrorCopyReplaced restores the new target first, and restore() already puts it out of step (T'
      + '.inSync.restore, tested)',
  },
  {
    id: 'T.inSync.startFresh', file: MIRROR_TARGET, where: 'MirrorTarget.startFresh',
    guard: 'a target built by a demotion is in step only after a switchover in step',
    find: 'this.inSync = inStep;',
    replace: 'this.inSync = true;',
    caughtBy: ['src/geomirror/mirror-target-guards.test.ts'],
  },
  {
    id: 'T.reattach.variedOn', file: MIRROR_TARGET, where: 'MirrorTarget.receive (reattach)',
    guard: 'a reattach is refused while the detached copy is varied on',
    find: 'if (this.variedOn) return void this.channel.send({ kind: \'reattachReply\', refused: true, cha'
      + 'ngedPages: null }, 64);',
    replace: '',
    caughtBy: ['src/geomirror/mirror-target.test.ts', 'src/system/mirrored-system.test.ts'],
  },
  {
    id: 'T.syncStarted.lostDetach', file: MIRROR_TARGET, where: 'MirrorTarget.receive (syncStarted)',
    guard: 'a detach the source lost: the copy mirrors again',
    find: 'if (this.state === \'detached\' && !this.variedOn) {\n          this.tracker = undefined;\n   '
      + '       this.setState(\'mirroring\');\n        }',
    replace: '',
    caughtBy: ['src/geomirror/mirror-target-guards.test.ts'],
  },
  {
    id: 'T.promotion.suspended', file: MIRROR_TARGET, where: 'MirrorTarget.decidePromotion',
    guard: 'promotion rule: a suspended copy (link down past the timeout)',
    find: ': suspended ? \'suspended\' : \'active\'',
    replace: ': \'active\'',
    caughtBy: ['src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.promotion.detached', file: MIRROR_TARGET, where: 'MirrorTarget.decidePromotion',
    guard: 'promotion rule: a detached copy',
    find: 'const condition = this.state === \'detached\' ? \'detached\' : !this.inSync',
    replace: 'const condition = !this.inSync',
    caughtBy: ['src/geomirror/mirror-target.test.ts'],
  },
  {
    id: 'T.promotion.restoredPromoted', file: MIRROR_TARGET, where: 'MirrorTarget.restore',
    guard: 'a promotion whose role record never landed is restored as mirroring',
    find: 'this.state = code === 2 ? \'detached\' : \'mirroring\';',
    replace: 'this.state = code === 2 ? \'detached\' : code === 3 ? \'promoted\' : \'mirroring\';',
    caughtBy: ['src/geomirror/mirror-target-guards.test.ts'],
  },
  {
    id: 'R.pageOrder', file: REPLICA_WRITER, where: 'ReplicaWriter.write',
    guard: 'replicated writes land in per-page arrival order',
    find: 'this.order.run(pageIndex, 1, (finished) => {',
    replace: '((start: (finished: () => void) => void) => start(() => {}))((finished) => {',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.rangeOrder', file: REPLICA_WRITER, where: 'ReplicaWriter.writeRange',
    guard: 'a range lands after earlier writes to its pages',
    find: 'this.order.run(firstPage, pageCount, (finished) => {',
    replace: '((start: (finished: () => void) => void) => start(() => {}))((finished) => {',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.resend', file: REPLICA_WRITER, where: 'ReplicaWriter.write',
    guard: 'a resend is answered, never applied again',
    find: 'if (seq <= this.receivedSeq) return this.answerResend();',
    replace: '',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.ackLanded', file: REPLICA_WRITER, where: 'ReplicaWriter.acknowledgeLanded',
    guard: 'acknowledged only what has landed',
    find: 'const landedSeq = this.landedSeq();',
    replace: 'const landedSeq = this.receivedSeq;',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.failureHolds', file: REPLICA_WRITER, where: 'ReplicaWriter.landedSeq',
    guard: 'an unforgotten failure holds later acknowledgements',
    find: 'const belowFailure = this.failedSeqs.length > 0 ? this.failedSeqs[0] - 1 : belowLanding;',
    replace: 'const belowFailure = belowLanding;',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.retry', file: REPLICA_WRITER, where: 'ReplicaWriter.attempt',
    guard: 'a transient error is retried',
    find: 'const retry = result.error === \'ioError\' && attemptNumber < REPLICA_WRITE_ATTEMPTS && !this.'
      + 'stopped;',
    replace: 'const retry = false;',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.stoppedWrite', file: REPLICA_WRITER, where: 'ReplicaWriter.write',
    guard: 'a stopped writer issues no write still waiting for its page',
    find: '// Stopped while it waited for its page (a role switch): the copy is no longer a mirror; leave'
      + ' it be.\n      if (this.stopped) return finished();',
    replace: '',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.stoppedRange', file: REPLICA_WRITER, where: 'ReplicaWriter.writeRange',
    guard: 'a stopped writer issues no range still waiting for its pages',
    find: 'this.order.run(firstPage, pageCount, (finished) => {\n      if (this.stopped) return finished();',
    replace: 'this.order.run(firstPage, pageCount, (finished) => {',
    caughtBy: ['src/geomirror/mirror-target-guards.test.ts'],
  },
  {
    id: 'R.reportFailed', file: REPLICA_WRITER, where: 'ReplicaWriter.settled',
    guard: 'a write that could not land is reported',
    find: 'if (!this.stopped) this.send({ kind: \'writeFailed\', seq });',
    replace: '',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.resendFailed', file: REPLICA_WRITER, where: 'ReplicaWriter.answerResend',
    guard: 'a resend repeats the oldest failure',
    find: 'if (this.failedSeqs.length > 0) this.send({ kind: \'writeFailed\', seq: this.failedSeqs[0] });',
    replace: '',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.forgotten', file: REPLICA_WRITER, where: 'ReplicaWriter.forgotten',
    guard: 'forgotten failures no longer hold acknowledgements',
    find: 'this.failedSeqs = this.failedSeqs.filter((failed) => failed > seq);',
    replace: '',
    caughtBy: ['src/geomirror/replica-writer.test.ts'],
  },
  {
    id: 'R.rangeAckOutcome', file: REPLICA_WRITER, where: 'ReplicaWriter.writeRange',
    guard: 'a range is acknowledged with its real outcome',
    find: 'if (!this.stopped) this.send({ kind: \'syncAck\', step, ok: result.ok });',
    replace: 'if (!this.stopped) this.send({ kind: \'syncAck\', step, ok: true });',
    caughtBy: ['src/geomirror/mirror-source-guards.test.ts'],
  },
  {
    id: 'C.overflow', file: CHANGE_TRACKER, where: 'ChangeTracker.record',
    guard: 'an overflowing tracker becomes unusable (full synchronisation)',
    find: 'this.overflowed = true;\n      this.pages.clear();\n      return;',
    replace: 'this.pages.clear();\n      return;',
    caughtBy: ['src/geomirror/change-tracker.test.ts'],
  },
  {
    id: 'PO.waitingOrder', file: PAGE_ORDER, where: 'PageOrder.run',
    guard: 'an operation never overtakes an earlier waiting one',
    find: 'const blocked = this.busy(operation) || this.waiting.some((other) => overlaps(other, operation));',
    replace: 'const blocked = this.busy(operation);',
    caughtBy: ['src/geomirror/page-order-guards.test.ts'],
  },
];
