// Named mutations of the system component's guards (src/system): each removes one guard; the tests named in
// `caughtBy` fail under it (docs/guards.md). Checked by `npx tsx sim/testing/guard-mutations/run.ts`.

import type { GuardMutation } from './guard-mutation.js';

const MIRRORED_SYSTEM = 'src/system/mirrored-system.ts';
const PEER_CHANNEL = 'src/system/peer-channel.ts';

export const SYSTEM_MUTATIONS: readonly GuardMutation[] = [
  {
    id: 'M.detach.switching', file: MIRRORED_SYSTEM, where: 'MirroredSystem.detach',
    guard: 'detach refused during a switchover',
    find: 'if (source === undefined) return NOT_PRODUCTION;\n    if (this.switching !== undefined) return'
      + ' \'a switchover is under way\';\n    if (source.state !== \'active\' || !this.channel.connecte'
      + 'd) return this.mirroringIs(source);\n    const range',
    replace: 'if (source === undefined) return NOT_PRODUCTION;\n    if (source.state !== \'active\' || !this'
      + '.channel.connected) return this.mirroringIs(source);\n    const range',
    caughtBy: [],
    defence: 'a detach accepted during a switchover makes the source not in step, so the switchover gives up'
      + ' at its in-step check (M.switchover.inStep, tested)',
  },
  {
    id: 'M.detach.active', file: MIRRORED_SYSTEM, where: 'MirroredSystem.detach',
    guard: 'detach refused unless active and connected (before a range is taken)',
    find: 'if (source.state !== \'active\' || !this.channel.connected) return this.mirroringIs(source);\n'
      + '    const range',
    replace: 'const range',
    caughtBy: [],
    defence: 'MirrorSource.detach checks the same (S.detach.*, tested); checked here first so that detach-as'
      + 'signed takes no range for a refused detach',
  },
  {
    id: 'M.restore.roleReported', file: MIRRORED_SYSTEM, where: 'MirroredSystem.peerSaid',
    guard: 'a production confirmed after an IPL reports its role (a crash can cut off the promotion\'s report)',
    find: "this.observer.roleChanged(this.name, 'production', 'restored at IPL', false);",
    replace: '',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.replaced.voidDecided', file: MIRRORED_SYSTEM, where: 'MirroredSystem.mirrorCopyReplaced',
    guard: 'a copy replaced after a promotion was decided voids it (no blank disk made production)',
    find: '      this.voidPromotion(decided);\n    }\n    if (this.record?.role !== \'target\'',
    replace: '    }\n    if (this.record?.role !== \'target\'',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.replaced.voidPersisting', file: MIRRORED_SYSTEM, where: 'MirroredSystem.becomeProduction',
    guard: 'a copy replaced while the promoted role is written: the target role is written back',
    find: '      if (decided.replaced) {',
    replace: '      if (decided.replaced && false) {',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.varyOnTarget.replicationIdle', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOnTarget',
    guard: 'the detached copy is opened only once replicated writes sent before the detach have landed',
    find: '    else target.whenReplicationIdle(() => {\n      if (this.halted) return;\n      if (this.target === t'
      + 'arget)',
    replace: '    else ((then: () => void) => then())(() => {\n      if (this.halted) return;\n      if (this.ta'
      + 'rget === target)',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.reattach.noteNewCopy', file: MIRRORED_SYSTEM, where: 'MirroredSystem.reattach',
    guard: 'invalidate-all: production invalidates its pointers at a reattach',
    find: 'if (refusal === undefined) this.sls?.noteNewCopy(() => {});',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.target.noteNewCopy', file: MIRRORED_SYSTEM, where: 'MirroredSystem.receive',
    guard: 'invalidate-all: the target invalidates its pointers at a reattach',
    find: 'if (message.kind === \'reattach\' && this.target !== undefined) this.sls?.noteNewCopy(() => {});',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.varyOnProd.confirmed', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOnProduction',
    guard: 'production varies on only once the peer agreed',
    find: 'if (sls === undefined || source === undefined || !this.confirmed) return \'production is not r'
      + 'eady\';',
    replace: 'if (sls === undefined || source === undefined) return \'production is not ready\';',
    caughtBy: [],
    defence: 'an unconfirmed production has no ready source (readySource) until the peer agreed',
  },
  {
    id: 'M.varyOnProd.switching', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOnProduction',
    guard: 'no production vary-on during a switchover',
    find: 'if (this.switching !== undefined) return \'a switchover is under way\';\n    if (this.copyBusy'
      + ') return \'the production copy is in use\';',
    replace: 'if (this.copyBusy) return \'the production copy is in use\';',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.varyOnProd.busy', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOnProduction',
    guard: 'no production vary-on while a copy is busy',
    find: 'if (this.copyBusy) return \'the production copy is in use\';',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.varyOnProd.recheck', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOnProduction',
    guard: 'a vary-on completing after a switchover began is undone',
    find: 'if (this.source !== source || this.switching !== undefined) return void sls.varyOff(() => {});',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.varyOffProd.switching', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOffProduction',
    guard: 'no production vary-off during a switchover',
    find: '// Defence in depth: a switchover varies production off first, leaving nothing to vary off.\n '
      + '   if (this.switching !== undefined) return \'a switchover is under way\';\n    this.varyOff(('
      + ') => {});',
    replace: 'this.varyOff(() => {});',
    caughtBy: [],
    defence: 'a switchover varies production off first, so there is nothing left to vary off',
  },
  {
    id: 'M.varyOnTarget.busy', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOnTarget',
    guard: 'one copy varied on at the target at a time',
    find: 'if (this.copyBusy) return \'a copy is already varied on at the target\';',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.varyOnTarget.promoting', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOnTarget',
    guard: 'no target vary-on during a promotion',
    find: 'if (this.promotionUnderWay) return \'a promotion is under way\';\n    let device',
    replace: 'let device',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.varyOnTarget.failedReleases', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOnTarget',
    guard: 'a failed vary-on releases the copy for the reattach',
    find: 'if (which === \'mirrorCopy\') target.variedOff();',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.copyReplaced.drains', file: MIRRORED_SYSTEM, where: 'MirroredSystem.mirrorCopyReplaced',
    guard: 'a new disk ends the vary-offs waiting for the old one',
    find: 'for (const drain of [...this.drains]) if (drain.copy === \'mirrorCopy\') drain.finish();',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.copyReplaced.fresh', file: MIRRORED_SYSTEM, where: 'MirroredSystem.mirrorCopyReplaced',
    guard: 'a new disk makes the target fresh (production synchronises it in full)',
    find: 'const target = this.buildTarget();\n    this.fresh = true;\n    target.restarted();',
    replace: 'const target = this.buildTarget();\n    target.restarted();',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.switchover.inStep', file: MIRRORED_SYSTEM, where: 'MirroredSystem.switchover',
    guard: 'switchover gate: the copies in step when the target is asked',
    find: 'if (!source.inStep) return giveUp(`the copies are not in step (${this.mirroringIs(source)})`);',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.switchover.giveUpVaryOn', file: MIRRORED_SYSTEM, where: 'MirroredSystem.switchover',
    guard: 'a switchover given up varies production on again',
    find: 'this.refuse(\'switchover\', reason);\n      this.varyOnProduction();\n    };',
    replace: 'this.refuse(\'switchover\', reason);\n    };',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.switchover.twice', file: MIRRORED_SYSTEM, where: 'MirroredSystem.switchover',
    guard: 'one switchover at a time',
    find: 'if (source === undefined || record === undefined || !this.confirmed) return NOT_PRODUCTION;\n '
      + '   if (this.switching !== undefined) return \'a switchover is under way\';',
    replace: 'if (source === undefined || record === undefined || !this.confirmed) return NOT_PRODUCTION;',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.switchover.active', file: MIRRORED_SYSTEM, where: 'MirroredSystem.switchover',
    guard: 'switchover refused at once unless active and connected',
    find: 'if (source.state !== \'active\' || !this.channel.connected) return this.mirroringIs(source);\n'
      + '    const switching',
    replace: 'const switching',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.switchover.varyOffFirst', file: MIRRORED_SYSTEM, where: 'MirroredSystem.switchover',
    guard: 'switchover waits for production\'s vary-off',
    find: 'this.varyOff(ask);\n    return undefined;',
    replace: 'ask();\n    return undefined;',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.failover.busy', file: MIRRORED_SYSTEM, where: 'MirroredSystem.failover',
    guard: 'no failover during a promotion or vary-on',
    find: 'if (this.promotionUnderWay || this.varyingOn) return \'a promotion or a vary-on is under way\';',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.failover.varyOffFirst', file: MIRRORED_SYSTEM, where: 'MirroredSystem.failover',
    guard: 'failover waits for the target copy\'s vary-off',
    find: 'this.varyOff(() => {\n      if (this.target !== target || this.halted) return;\n      // A rep'
      + 'licated write',
    replace: '((then: () => void) => then())(() => {\n      if (this.target !== target || this.halted) retur'
      + 'n;\n      // A replicated write',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.promote.twice', file: MIRRORED_SYSTEM, where: 'MirroredSystem.promote',
    guard: 'one promotion at a time',
    find: 'if (this.promoting) return refused(\'a promotion is under way\');\n    this.promoting = true;',
    replace: 'this.promoting = true;',
    caughtBy: [],
    defence: 'a second promotion finds the copy promoted (T.alreadyPromoted, tested) or the target retired',
  },
  {
    id: 'M.promote.checkCopy', file: MIRRORED_SYSTEM, where: 'MirroredSystem.promote',
    guard: 'the copy is asked whether it answers before the rules are applied',
    find: 'target.checkCopy((failure) => {',
    replace: '((answer: (failure: string | undefined) => void) => answer(undefined))((failure) => {',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.promote.persistFirst', file: MIRRORED_SYSTEM, where: 'MirroredSystem.becomeProduction',
    guard: 'the new role is persisted before it is acted on',
    find: 'this.persistRole(() => {\n      if (decided.replaced) {',
    replace: 'this.persistRole(() => {});\n    ((then: () => void) => then())(() => {\n      if (decided.replaced) {',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.promotionUnderWay.failoverWait', file: MIRRORED_SYSTEM, where: 'MirroredSystem.promotionUnderWay',
    guard: 'a failover waiting for replication to go quiet counts as a promotion under way',
    find: 'return this.promoting || (this.failoverWaitsFor !== undefined && this.failoverWaitsFor === this.target);',
    replace: 'return this.promoting;',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.failover.waitIdle', file: MIRRORED_SYSTEM, where: 'MirroredSystem.failover',
    guard: 'a failover decides on the copy only once replication no longer writes it',
    find: 'target.whenReplicationIdle(() => {\n        if (this.failoverWaitsFor === target)',
    replace: '((then: () => void) => then())(() => {\n        if (this.failoverWaitsFor === target)',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.promote.copyReplaced', file: MIRRORED_SYSTEM, where: 'MirroredSystem.promote',
    guard: 'a promotion whose mirror copy was replaced while it was asked is void (refused)',
    find: 'const changed = this.target !== target ? \'the mirror copy was replaced during the promotion\' : undefined;',
    replace: 'const changed = undefined;',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.promote.stopReplication', file: MIRRORED_SYSTEM, where: 'MirroredSystem.decideAndPromote',
    guard: 'replication stops writing the copy before it becomes production',
    find: 'target.stop();\n    target.whenReplicationIdle(',
    replace: 'target.whenReplicationIdle(',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.promote.waitIdle', file: MIRRORED_SYSTEM, where: 'MirroredSystem.decideAndPromote',
    guard: 'the role changes only once nothing replicated is still landing on the copy',
    find: 'target.whenReplicationIdle(() => {\n      if (this.halted) return;\n      // A copy replaced meanwhile',
    replace: '((then: () => void) => then())(() => {\n      if (this.halted) return;\n      // A copy replace'
      + 'd meanwhile',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.promote.replacedWhileQuiet', file: MIRRORED_SYSTEM, where: 'MirroredSystem.decideAndPromote',
    guard: 'a copy replaced while replication went quiet ends the promotion',
    find: 'if (this.target !== target) {\n        this.promoting = false;\n        return;\n      }',
    replace: '',
    caughtBy: [],
    defence: 'a copy replaced while a promotion is decided voids it first (M.replaced.voidDecided, tested): the'
      + ' check before this one returns, so only another target built some other way would reach it',
  },
  {
    id: 'M.becomeProduction.failoverHello', file: MIRRORED_SYSTEM, where: 'MirroredSystem.becomeProduction',
    guard: 'a failover says hello as production (an old production restarted meanwhile yields)',
    find: 'else this.sayHello(true);\n    });',
    replace: '});',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.becomeTarget.abandon', file: MIRRORED_SYSTEM, where: 'MirroredSystem.becomeTarget',
    guard: 'a demoted production abandons its source: its held writes are never acknowledged',
    find: 'this.source?.abandon();',
    replace: '',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.becomeTarget.afterVaryOn', file: MIRRORED_SYSTEM, where: 'MirroredSystem.becomeTarget',
    guard: 'demoted during a production vary-on: the target is built once that vary-on ended and drained',
    find: 'if (this.varyingOn) this.afterProductionVaryOn = build;\n    else if',
    replace: 'if',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.varyOnProd.demoted', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOnProduction',
    guard: 'a production vary-on ending after a demotion varies off and drains before the target is built',
    find: 'if (demoted !== undefined) return void sls.varyOff(() => device.whenDrained(demoted));',
    replace: 'if (demoted !== undefined) return demoted();',
    caughtBy: [],
    defence: 'under the system-unique address policies a vary-on ends with writes through the source, which t'
      + 'he demotion abandoned, so the vary-on fails and leaves the store varied off; only a vary-on tha'
      + 't ends with reads (the keep policy, addressing=shared-range) completes after the demotion and n'
      + 'eeds the vary-off',
  },
  {
    id: 'M.becomeTarget.copyReplaced', file: MIRRORED_SYSTEM, where: 'MirroredSystem.becomeTarget',
    guard: 'a copy replaced before this system became the target is not in step, whatever the switchover says',
    find: 'const inStep = inStepBefore && !blank;',
    replace: 'const inStep = inStepBefore;',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.copyReplaced.beforeTarget', file: MIRRORED_SYSTEM, where: 'MirroredSystem.mirrorCopyReplaced',
    guard: 'a copy replaced while not (yet) the target is remembered for the demotion',
    find: 'this.copyReplacedBeforeTarget = true;\n      return;',
    replace: 'return;',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.copyReplaced.restarted', file: MIRRORED_SYSTEM, where: 'MirroredSystem.mirrorCopyReplaced',
    guard: 'a new disk\'s target is out of step until production saw the restart',
    find: 'this.fresh = true;\n    target.restarted();\n    target.onBlankCopy();',
    replace: 'this.fresh = true;\n    target.onBlankCopy();',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.ipl.restarted', file: MIRRORED_SYSTEM, where: 'MirroredSystem.readRole',
    guard: 'a target restarted by an IPL is out of step until production saw the restart',
    find: 'this.fresh = true;\n          target.restarted();',
    replace: 'this.fresh = true;',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.freshSeen.restartSeen', file: MIRRORED_SYSTEM, where: 'MirroredSystem.receiveRole (freshSeen)',
    guard: 'production saw the restart: its synchronisation can bring the target back in step',
    find: 'this.target?.restartSeen();',
    replace: '',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.becomeTarget.varyOffFirst', file: MIRRORED_SYSTEM, where: 'MirroredSystem.becomeTarget',
    guard: 'a demoted production varies off before it mirrors',
    find: 'if (this.inUse !== undefined) this.varyOff(build);\n    else build();',
    replace: 'build();',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.switching.uncertain', file: MIRRORED_SYSTEM, where: 'MirroredSystem.connectionChanged',
    guard: 'a switchover request in flight at a disconnection is uncertain',
    find: 'if (this.switching?.sent === true) this.switching.uncertain = true;',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.peerSaid.promoting', file: MIRRORED_SYSTEM, where: 'MirroredSystem.peerSaid',
    guard: 'roles are not renegotiated during a promotion',
    find: 'if (record === undefined || this.promoting) return;',
    replace: 'if (record === undefined) return;',
    caughtBy: [],
    defence: 'the promotion persists the generation it computed; a production at a higher one demotes it at '
      + 'the next hello (M.peerSaid.demote, tested)',
  },
  {
    id: 'M.peerSaid.adoptGeneration', file: MIRRORED_SYSTEM, where: 'MirroredSystem.peerSaid',
    guard: 'a target adopts production\'s higher generation',
    find: 'if (role === \'production\' && generation > record.generation) {\n        this.record = { role'
      + ': \'target\', generation };\n        this.persistRole(() => {});\n      }',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.peerSaid.demote', file: MIRRORED_SYSTEM, where: 'MirroredSystem.peerSaid',
    guard: 'of two productions, the lower generation yields',
    find: 'if (role === \'production\' && !winsOver(record.generation, this.config.systemNumber, generati'
      + 'on, systemNumber)) {',
    replace: 'if (false) {',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.peerSaid.uncertainRefused', file: MIRRORED_SYSTEM, where: 'MirroredSystem.peerSaid',
    guard: 'an uncertain switchover is refused when the peer is still target',
    find: 'if (role === \'target\' && this.switching?.uncertain === true) {',
    replace: 'if (false) {',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.peerSaid.fresh', file: MIRRORED_SYSTEM, where: 'MirroredSystem.peerSaid',
    guard: 'a fresh target is noted for a full synchronisation',
    find: 'if (role === \'target\' && fresh) this.peerFresh = true;',
    replace: '',
    caughtBy: ['sim/world/geo-roles.test.ts'],
  },
  {
    id: 'M.restart.waitHello', file: MIRRORED_SYSTEM, where: 'MirroredSystem.readRole',
    guard: 'a restarted production waits for the peer before it runs',
    find: '      }\n      // A production restarted waits for the peer (hello) before it runs: the peer m'
      + 'ay have been promoted.',
    replace: '      } else if (record.role === \'production\') {\n        this.confirmed = true;\n        th'
      + 'is.buildSource((source, ready) => source.restore(ready));\n      }\n      // A production rest'
      + 'arted waits',
    caughtBy: ['sim/world/geo-roles.test.ts'],
  },
  {
    id: 'M.switchoverAsked.busy', file: MIRRORED_SYSTEM, where: 'MirroredSystem.switchoverAsked',
    guard: 'the target refuses a switchover while its copy is in use',
    find: 'if (this.copyBusy) return refused(\'the target copy is varied on\');',
    replace: '',
    caughtBy: ['sim/world/geo-roles.test.ts'],
  },
  {
    id: 'M.switchoverAsked.promoting', file: MIRRORED_SYSTEM, where: 'MirroredSystem.switchoverAsked',
    guard: 'the target refuses a switchover during a promotion',
    find: 'if (this.promotionUnderWay) return refused(\'a promotion is under way\');\n    if (generation '
      + '<= record.generation)',
    replace: 'if (generation <= record.generation)',
    caughtBy: [],
    defence: 'the promotion under way refuses a second one (MirroredSystem.promote), and a promoted copy is '
      + 'not promoted again',
  },
  {
    id: 'M.switchoverAsked.generation', file: MIRRORED_SYSTEM, where: 'MirroredSystem.switchoverAsked',
    guard: 'a switchover from an older generation is refused',
    find: 'if (generation <= record.generation) return refused(\'the request is from an older role genera'
      + 'tion\');',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.switchoverDone.generation', file: MIRRORED_SYSTEM, where: 'MirroredSystem.receiveRole',
    guard: 'switchoverDone counts only for the generation asked',
    find: 'if (this.switching === undefined || message.generation !== this.switching.generation) return;',
    replace: 'if (this.switching === undefined) return;',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.switchoverRefused.varyOn', file: MIRRORED_SYSTEM, where: 'MirroredSystem.receiveRole',
    guard: 'a refused switchover varies production on again',
    find: 'this.refuse(\'switchover\', message.reason);\n        this.varyOnProduction();',
    replace: 'this.refuse(\'switchover\', message.reason);',
    caughtBy: ['sim/world/geo-roles.test.ts'],
  },
  {
    id: 'M.varyOff.drain', file: MIRRORED_SYSTEM, where: 'MirroredSystem.varyOff',
    guard: 'a vary-off completes only when the copy\'s operations completed',
    find: 'sls.varyOff(() => used.device.whenDrained(drain.finish));',
    replace: 'sls.varyOff(() => drain.finish());',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.openSide.peerHeard', file: MIRRORED_SYSTEM, where: 'MirroredSystem.openSide',
    guard: 'mirroring resumes only after the peer\'s hello (roles first)',
    find: 'if (this.peerHeard && this.channel.connected) this.side?.setOpen(true);',
    replace: 'if (this.channel.connected) this.side?.setOpen(true);',
    caughtBy: [],
    defence: 'a side opened before the hello only sends what the peer ignores in its new role, and a fresh t'
      + 'arget restarts the synchronisation when its hello comes (no test shows harm)',
  },
  {
    id: 'M.ipl.targetFresh', file: MIRRORED_SYSTEM, where: 'MirroredSystem.readRole',
    guard: 'a target restarted by an IPL is fresh',
    find: 'if (!first) {\n          this.fresh = true;',
    replace: 'if (!first) {',
    caughtBy: ['sim/world/geo-roles.test.ts'],
  },
  {
    id: 'M.becomeTarget.fresh', file: MIRRORED_SYSTEM, where: 'MirroredSystem.becomeTarget',
    guard: 'a target built by a demotion out of step is fresh',
    find: 'this.fresh = !inStep;',
    replace: 'this.fresh = false;',
    caughtBy: [],
    defence: 'a demotion follows a failover, whose promotion synchronises the old production in full anyway,'
      + ' or a switchover of copies in step',
  },
  {
    id: 'M.freshSeen', file: MIRRORED_SYSTEM, where: 'MirroredSystem.receiveRole',
    guard: 'a target stays fresh until production said it saw so',
    find: 'case \'freshSeen\':\n        this.fresh = false;',
    replace: 'case \'freshSeen\':',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.targetMirroring.fresh', file: MIRRORED_SYSTEM, where: 'MirroredSystem.targetMirroring',
    guard: 'a fresh target does not claim to mirror',
    find: 'return this.target !== undefined && this.target.state === \'mirroring\' && !this.fresh;',
    replace: 'return this.target !== undefined && this.target.state === \'mirroring\';',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.peerFreshHandled', file: MIRRORED_SYSTEM, where: 'MirroredSystem.peerFreshHandled',
    guard: 'production synchronises a fresh target in full',
    find: 'this.source.targetRestarted(\'the target restarted its mirroring (IPL, new disk or demotion): '
      + 'full synchronisation\');',
    replace: '',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'M.detach.ready', file: MIRRORED_SYSTEM, where: 'MirroredSystem.detach',
    guard: 'operator requests reach only a ready source',
    find: 'detach(track: boolean): string | undefined {\n    const source = this.readySource();\n    if ('
      + 'source === undefined) return NOT_PRODUCTION;',
    replace: 'detach(track: boolean): string | undefined {\n    const source = this.source;\n    if (source '
      + '=== undefined) return NOT_PRODUCTION;',
    caughtBy: ['src/system/mirrored-system-guards.test.ts'],
  },
  {
    id: 'P.retireSend', file: PEER_CHANNEL, where: 'PeerChannel.send',
    guard: 'a retired side sends nothing',
    find: 'if (this.retired || !this.connected) return false;',
    replace: 'if (!this.connected) return false;',
    caughtBy: [],
    defence: 'a retired side belongs to a stopped source or target, which sends nothing more',
  },
  {
    id: 'P.retireDeliver', file: PEER_CHANNEL, where: 'PeerChannel.deliver',
    guard: 'a retired side hears nothing',
    find: 'if (!this.retired) this.messageHandler?.(message);',
    replace: 'this.messageHandler?.(message);',
    caughtBy: [],
    defence: 'the system delivers only to its current side',
  },
  {
    id: 'P.openGate', file: PEER_CHANNEL, where: 'PeerChannel.connected',
    guard: 'a side is connected only once roles were agreed',
    find: 'return this.open && this.channel.connected;',
    replace: 'return this.channel.connected;',
    caughtBy: [],
    defence: 'as M.openSide.peerHeard',
  },
  {
    id: 'M.newCopy.blank', file: MIRRORED_SYSTEM, where: 'MirroredSystem.targetOnNewCopy',
    guard: 'the target rebuilt on a new disk knows the copy is blank (partial)',
    find: '    target.onBlankCopy();\n',
    replace: '',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
  {
    id: 'M.becomeTarget.blank', file: MIRRORED_SYSTEM, where: 'MirroredSystem.becomeTarget',
    guard: 'a production whose copy was replaced before it became the target starts on a blank copy',
    find: 'target.startFresh(inStep, blank);',
    replace: 'target.startFresh(inStep, false);',
    caughtBy: ['src/system/mirrored-system.test.ts'],
  },
];
