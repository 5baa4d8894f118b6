// Named mutations of the duplexed volume's guards (src/duplex): each removes one guard; the tests named in
// `caughtBy` fail under it (docs/guards.md). Checked by `npx tsx sim/testing/guard-mutations/run.ts`.

import type { GuardMutation } from './guard-mutation.js';

const DUPLEXED_VOLUME = 'src/duplex/duplexed-volume.ts';
const ONLINE_RECOVERY = 'src/duplex/online-recovery.ts';
const REGION_GATE = 'src/duplex/region-gate.ts';
const STATUS_WRITER = 'src/duplex/status-writer.ts';

export const DUPLEX_MUTATIONS: readonly GuardMutation[] = [
  {
    id: 'D.recover.waitDurable', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.startRecovery',
    guard: 'preconditions judged on flags as persisted',
    find: 'if (this.statusWritesPending > 0) {\n      this.waitingForDurableStatus.push(() => this.startR'
      + 'ecovery(request, done));\n      return;\n    }',
    replace: '',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'D.recover.running', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.startRecovery',
    guard: 'one recovery at a time',
    find: 'if (this.recovery !== undefined) {\n      this.observer.recoveryRefused(\'a recovery is alread'
      + 'y running\');',
    replace: 'if (false) {\n      this.observer.recoveryRefused(\'a recovery is already running\');',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'D.write.onlyInService', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.writeCopies',
    guard: 'only an in-service copy makes a write durable',
    find: 'if (this.modes[copy] === \'inService\') landed[copy] = this.contentEpochs[copy];',
    replace: 'landed[copy] = this.contentEpochs[copy];',
    caughtBy: [],
    defence: 'heldInService counts a copy only if it is in service when the write is judged, in the same epoc'
      + 'h; a copy recovering when the write landed is in service by then only if its recovery completed'
      + ', which the gate prevents while the write is in flight to its region, and on a region already c'
      + 'opied the in-service copy holds the write too',
  },
  {
    id: 'D.write.lastCopyKept', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.writeCopies',
    guard: 'the last good copy is never marked down level',
    find: '} else if (this.modes[OTHER[copy]] !== \'inService\' && this.modes[copy] === \'inService\') {',
    replace: '} else if (false) {',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'D.write.lastCopyRetry', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.writeCopies',
    guard: 'the last good copy is retried on a transient error',
    find: 'if (tries + 1 < LAST_COPY_RETRIES && result.error === \'ioError\') attempt(copy, tries + 1);',
    replace: 'if (false) attempt(copy, tries + 1);',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'D.write.ackAfterFlag', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.writeCopies',
    guard: 'a write is acknowledged once the down-level flag is durable',
    find: 'this.afterDownLevelDurable(() => {\n        done(this.heldInService(landed) ? { ok: true } : '
      + '{ ok: false, error: \'deviceFailed\' });\n      });',
    replace: 'done(this.heldInService(landed) ? { ok: true } : { ok: false, error: \'deviceFailed\' });',
    caughtBy: ['src/duplex/status-durability.test.ts'],
  },
  {
    id: 'D.write.sameEpoch', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.heldInService',
    guard: 'a write is durable only on a copy still in service in the content epoch it landed in',
    find: 'return this.modes[copy] === \'inService\' && epoch === this.contentEpochs[copy];',
    replace: 'return this.modes[copy] === \'inService\';',
    caughtBy: [],
    defence: 'a copy changes epoch only by entering recovery or on a new disk, and is in service again only t'
      + 'hrough a completed recovery; a recovery starts only once every status write is durable (D.recov'
      + 'er.waitDurable, tested), i.e. after every write waiting for a flag was judged',
  },
  {
    id: 'D.write.stillInService', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.heldInService',
    guard: 'a write is durable only on a copy still in service when the write completes',
    find: 'return this.modes[copy] === \'inService\' && epoch === this.contentEpochs[copy];',
    replace: 'return epoch === this.contentEpochs[copy];',
    caughtBy: ['src/duplex/duplexed-volume.test.ts'],
  },
  {
    id: 'D.epoch.recovering', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.setMode',
    guard: 'a copy entering recovery starts a new content epoch (recovery rewrites it)',
    find: 'if (mode === \'recovering\' && from !== \'recovering\') this.contentEpochs[copy] += 1;',
    replace: '',
    caughtBy: [],
    defence: 'as D.write.sameEpoch: no copy can enter recovery and come back in service while a write waits t'
      + 'o be judged',
  },
  {
    id: 'D.epoch.newDisk', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.replaceCopy',
    guard: 'a new disk starts a new content epoch',
    find: 'this.statusPersisted[copy] = true;\n    this.contentEpochs[copy] += 1;',
    replace: 'this.statusPersisted[copy] = true;',
    caughtBy: [],
    defence: 'as D.write.sameEpoch: a new disk is down level and in service again only through a recovery, wh'
      + 'ich waits for every status write',
  },
  {
    id: 'D.markDown.undo', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.markDownLevel',
    guard: 'a mark the good copy could not take is undone: the copy that lost its flag is marked instead',
    find: 'if (!landed && undoable && wasInService && sameMark && this.modes[other] !== \'recovering\') {',
    replace: 'if (false) {',
    caughtBy: ['src/duplex/duplexed-volume.test.ts'],
  },
  {
    id: 'D.markDown.undoableOnly', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.markDownLevel',
    guard: 'only an undoable mark is undone (never a new disk\'s, nor the mark an undo made)',
    find: 'if (!landed && undoable && wasInService && sameMark && this.modes[other] !== \'recovering\') {',
    replace: 'if (!landed && wasInService && sameMark && this.modes[other] !== \'recovering\') {',
    caughtBy: ['src/duplex/duplexed-volume.test.ts'],
  },
  {
    id: 'D.markDown.undoSameMark', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.markDownLevel',
    guard: 'a mark is undone only while it is still the one made (same disk, still down level)',
    find: 'if (!landed && undoable && wasInService && sameMark && this.modes[other] !== \'recovering\') {',
    replace: 'if (!landed && undoable && wasInService && this.modes[other] !== \'recovering\') {',
    caughtBy: ['src/duplex/duplexed-volume.test.ts'],
  },
  {
    id: 'D.markDown.undoNotBesideRecovery', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.markDownLevel',
    guard: 'a mark is not undone beside a recovering copy (a copy back in service must miss nothing)',
    find: 'if (!landed && undoable && wasInService && sameMark && this.modes[other] !== \'recovering\') {',
    replace: 'if (!landed && undoable && wasInService && sameMark) {',
    caughtBy: [],
    defence: 'unreachable: an undoable mark is made only of a copy whose write failed while the other copy wa'
      + 's in service (or at open, both in service), and an in-service copy does not start recovering; r'
      + 'einstate asserts it',
  },
  {
    id: 'D.markDown.undoWasInService', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.markDownLevel',
    guard: 'only a copy that was in service is reinstated',
    find: 'if (!landed && undoable && wasInService && sameMark && this.modes[other] !== \'recovering\') {',
    replace: 'if (!landed && undoable && sameMark && this.modes[other] !== \'recovering\') {',
    caughtBy: ['src/duplex/duplexed-volume.test.ts'],
  },
  {
    id: 'D.status.persisted', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.writeStatus',
    guard: 'a status entry whose latest write failed is not known to be on its disk',
    find: 'if (this.statusWriters[copy] === writer) this.statusPersisted[copy] = ok;',
    replace: '',
    caughtBy: ['src/duplex/online-recovery.test.ts'],
  },
  {
    id: 'D.status.persistedOwnDisk', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.writeStatus',
    guard: 'a status write through a disk since replaced says nothing about the new disk\'s entry',
    find: 'if (this.statusWriters[copy] === writer) this.statusPersisted[copy] = ok;',
    replace: 'this.statusPersisted[copy] = ok;',
    caughtBy: [],
    defence: 'the preconditions read only an entry\'s "other copy down level", which a new disk\'s entry does'
      + ' not say until a write by its own writer, which sets the flag again; a late completion through '
      + 'the old disk would have to outlast that write',
  },
  {
    id: 'D.open.unreadableNotPersisted', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.open',
    guard: 'an entry that could not be read at open is not known to be on its disk',
    find: 'this.statusPersisted[copy] = false;\n          unreadable.push(copy);',
    replace: 'unreadable.push(copy);',
    caughtBy: [],
    defence: 'an entry unreadable at open is held as "this copy down level" only, so it never says the other '
      + 'copy is down level until a write of it lands (which sets statusPersisted again)',
  },
  {
    id: 'O.check.persistedOnly', file: ONLINE_RECOVERY, where: 'OnlineRecovery.check',
    guard: 'precondition: only a persisted entry\'s "other copy down level" lets a recovery go ahead',
    find: 'const persisted = ([0, 1] as const).filter((copy) => statusPersisted[copy]).map((copy) => status[copy]);',
    replace: 'const persisted = ([0, 1] as const).map((copy) => status[copy]);',
    caughtBy: ['src/duplex/online-recovery.test.ts'],
  },
  {
    id: 'D.markDown.goodFirst', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.markDownLevel',
    guard: 'the good copy\'s flag lands before the failed copy\'s own',
    find: 'this.statusWritesPending += 1;\n    this.downLevelFlagsPending += 1;\n    this.writeStatus(other,',
    replace: 'this.writeStatus(copy, this.status[copy], () => {});\n    this.statusWritesPending += 1;\n    '
      + 'this.downLevelFlagsPending += 1;\n    this.writeStatus(other,',
    caughtBy: ['src/duplex/status-durability.test.ts'],
  },
  {
    id: 'D.read.rechoose', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.read',
    guard: 'read candidates chosen again at each attempt',
    find: 'const attempt = (): void => {\n      const candidates = this.readCandidates(pageIndex);',
    replace: 'const first = this.readCandidates(pageIndex);\n    const attempt = (): void => {\n      const '
      + 'candidates = first;',
    caughtBy: ['src/duplex/status-durability.test.ts'],
  },
  {
    id: 'D.read.gateCovers', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.readCandidates',
    guard: 'no read of the recovering copy inside the closed gate',
    find: 'else if (pageIndex < this.syncedBelowPage && !this.gate.covers(pageIndex)) candidates.push(copy);',
    replace: 'else if (pageIndex < this.syncedBelowPage) candidates.push(copy);',
    caughtBy: [],
    defence: 'the gate covers synced pages only while a resumed recovery re-copies the tables, and a recover'
      + 'ing copy is read only when the in-service copy fails',
  },
  {
    id: 'D.read.syncedOnly', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.readCandidates',
    guard: 'read restriction: a recovering copy is read only below its synced boundary',
    find: 'else if (pageIndex < this.syncedBelowPage && !this.gate.covers(pageIndex)) candidates.push(copy);',
    replace: 'else candidates.push(copy);',
    caughtBy: ['src/duplex/status-durability.test.ts'],
  },
  {
    id: 'D.open.calledDownLevel', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.decideModes',
    guard: 'a copy the good copy calls down level is down level',
    find: 'const calledDownLevel = other.otherDownLevel && !other.thisDownLevel;',
    replace: 'const calledDownLevel = false;',
    caughtBy: ['src/duplex/online-recovery.test.ts'],
  },
  {
    id: 'D.open.blankNewDisk', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.decideModes',
    guard: 'a never-written status page beside a written one is a new disk',
    find: 'this.markDownLevel(copy, \'its status entry was never written: a new disk\', () => {});',
    replace: '',
    caughtBy: ['src/duplex/status-durability.test.ts'],
  },
  {
    id: 'D.open.unclean', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.decideModes',
    guard: 'an unclean stop resynchronises copy 1',
    find: 'if (unclean && this.modes[0] === \'inService\' && this.modes[1] === \'inService\') {',
    replace: 'if (false) {',
    caughtBy: ['src/duplex/online-recovery.test.ts', 'src/duplex/status-durability.test.ts'],
  },
  {
    id: 'D.open.waitDurable', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.open',
    guard: 'open completes once "in use" is durable',
    find: 'this.decideModes(unreadable, blank, () => this.whenStatusDurable(done));',
    replace: 'this.decideModes(unreadable, blank, () => done());',
    caughtBy: ['src/duplex/status-durability.test.ts'],
  },
  {
    id: 'D.open.inUse', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.decideModes',
    guard: '"in use" is persisted at open',
    find: 'for (const copy of [0, 1] as const) if (this.modes[copy] !== \'downLevel\') this.writeStatus(c'
      + 'opy, { ...this.status[copy], inUse: true }, () => {});',
    replace: '',
    caughtBy: ['src/duplex/status-durability.test.ts'],
  },
  {
    id: 'D.open.unreadable', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.decideModes',
    guard: 'an unreadable entry: down level, said on the other copy too',
    find: 'for (const copy of unreadable) this.markDownLevel(copy, \'its status entry could not be read\''
      + ', () => {});',
    replace: '',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'D.open.readRetry', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.open',
    guard: 'a status read is retried on a transient error',
    find: 'if (!result.ok && result.error === \'ioError\' && tries + 1 < STATUS_READ_RETRIES) return read'
      + 'Entry(copy, tries + 1);',
    replace: '',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'D.open.recoveringResumes', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.decideModes',
    guard: 'an interrupted recovery opens as recovering',
    find: 'this.modes[copy] = \'recovering\';\n        this.syncedBelowPage',
    replace: 'this.modes[copy] = \'downLevel\';\n        this.syncedBelowPage',
    caughtBy: ['src/duplex/online-recovery.test.ts'],
  },
  {
    id: 'D.markDown.abortRecovery', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.markDownLevel',
    guard: 'the recovering copy failing ends its recovery',
    find: 'if (wasRecovering && this.recovery) this.recovery.abort(`the recovering copy failed: ${reason}`);',
    replace: '',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'D.markDown.recoveryFailedFlag', file: DUPLEXED_VOLUME, where: 'DuplexedVolume.markDownLevel',
    guard: 'a recovering copy that fails is marked "recovery failed"',
    find: 'recoveryFailed: wasRecovering || this.status[copy].recoveryFailed',
    replace: 'recoveryFailed: this.status[copy].recoveryFailed',
    caughtBy: ['src/duplex/status-durability.test.ts'],
  },
  {
    id: 'D.status.retry', file: DUPLEXED_VOLUME, where: 'DuplexedVolume / StatusWriter',
    guard: 'status writes retried on transient errors',
    find: 'const STATUS_WRITE_RETRIES = 5;',
    replace: 'const STATUS_WRITE_RETRIES = 1;',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'O.resume.forcedOnly', file: ONLINE_RECOVERY, where: 'OnlineRecovery.begin',
    guard: 'resume at the checkpoint only a copy that kept receiving writes',
    find: 'const resume = this.request.forced && volume.modes[this.recovering] === \'recovering\';',
    replace: 'const resume = this.request.forced;',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'O.resume.never', file: ONLINE_RECOVERY, where: 'OnlineRecovery.begin',
    guard: 'a forced recovery of a recovering copy resumes at its checkpoint',
    find: 'const resume = this.request.forced && volume.modes[this.recovering] === \'recovering\';',
    replace: 'const resume = false;',
    caughtBy: ['src/duplex/online-recovery.test.ts'],
  },
  {
    id: 'O.refuse.goodNotInService', file: ONLINE_RECOVERY, where: 'OnlineRecovery.check',
    guard: 'refused when the good copy is not in service',
    find: 'if (modes[this.good] !== \'inService\') return \'the good copy is not in service\';',
    replace: '',
    caughtBy: [],
    defence: 'implied by the check before it: with exactly one copy not in service, the other is in service',
  },
  {
    id: 'O.refuse.candidates', file: ONLINE_RECOVERY, where: 'OnlineRecovery.check',
    guard: 'refused unless exactly one copy is not in service',
    find: 'if (candidates.length !== 1) return candidates.length === 0 ? \'both copies are in service\' :'
      + ' \'no copy is in service to recover from\';',
    replace: 'if (candidates.length === 0) return \'both copies are in service\';',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'O.markGoodAfterToc', file: ONLINE_RECOVERY, where: 'OnlineRecovery.begin',
    guard: 'the good copy is marked after the tables are copied (the seed\'s order)',
    find: 'this.copyRange(0, Math.min(volume.geometry.tocPages, volume.geometry.pageCount), true, () => {'
      + '\n        // The seed\'s order; a crash before it leaves the copy recovering from checkpoint 0'
      + ' either way.\n        volume.writeStatus(this.good, { ...volume.status[this.good], otherDownLe'
      + 'vel: false }, () => {\n          if (this.live()) this.copyNextRegion();\n        });\n      }'
      + ');',
    replace: 'volume.writeStatus(this.good, { ...volume.status[this.good], otherDownLevel: false }, () => {}'
      + ');\n      this.copyRange(0, Math.min(volume.geometry.tocPages, volume.geometry.pageCount), tru'
      + 'e, () => {\n          if (this.live()) this.copyNextRegion();\n      });',
    caughtBy: [],
    defence: 'the seed\'s order; a crash before the tables are copied leaves the copy recovering from checkp'
      + 'oint 0 either way (no test shows a difference)',
  },
  {
    id: 'O.tocGated', file: ONLINE_RECOVERY, where: 'OnlineRecovery.begin',
    guard: 'the internal tables are copied under the gate',
    find: 'this.copyRange(0, Math.min(volume.geometry.tocPages, volume.geometry.pageCount), true, () => {',
    replace: 'this.copyRange(0, Math.min(volume.geometry.tocPages, volume.geometry.pageCount), false, () => {',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'O.writeFailMarksDown', file: ONLINE_RECOVERY, where: 'OnlineRecovery.copyRange',
    guard: 'a range the recovering copy failed to write is never counted',
    find: 'if (!written.ok) return volume.markDownLevel(this.recovering, `recovery write failed (${writte'
      + 'n.error})`, () => {});',
    replace: '',
    caughtBy: ['src/duplex/duplexed-volume-guards.test.ts'],
  },
  {
    id: 'O.failMarks', file: ONLINE_RECOVERY, where: 'OnlineRecovery.fail',
    guard: 'a failed recovery marks its copy down level, recovery failed',
    find: 'volume.markDownLevel(this.recovering, `its recovery failed: ${reason}`, () => {});',
    replace: '',
    caughtBy: ['src/duplex/status-durability.test.ts'],
  },
  {
    id: 'O.markInProgressFirst', file: ONLINE_RECOVERY, where: 'OnlineRecovery.begin',
    guard: '"recovery in progress" lands before any data is copied',
    find: 'volume.writeStatus(this.recovering, entry, (ok) => {\n      if (!this.live()) return;\n      i'
      + 'f (!ok) return this.fail(\'could not mark the copy recovery in progress\');',
    replace: 'volume.writeStatus(this.recovering, entry, () => {});\n    ((then: (ok: boolean) => void) => t'
      + 'hen(true))((ok) => {\n      if (!this.live()) return;\n      if (!ok) return this.fail(\'could'
      + ' not mark the copy recovery in progress\');',
    caughtBy: [],
    defence: 'a crash before the flag lands leaves the copy down level (recovered again in full); no test sh'
      + 'ows harm',
  },
  {
    id: 'O.completeClearsLast', file: ONLINE_RECOVERY, where: 'OnlineRecovery.complete',
    guard: 'in service only once the cleared flags landed',
    find: 'volume.writeStatus(this.recovering, { ...CLEAN_STATUS, inUse: true }, (ok) => {\n      if (!th'
      + 'is.live()) return;',
    replace: 'volume.writeStatus(this.recovering, { ...CLEAN_STATUS, inUse: true }, () => {});\n    ((then: '
      + '(ok: boolean) => void) => then(true))((ok) => {\n      if (!this.live()) return;',
    caughtBy: [],
    defence: 'the copy is fully copied by then; a crash before the flags land reopens it as recovering (no t'
      + 'est shows harm)',
  },
  {
    id: 'G.drain', file: REGION_GATE, where: 'RegionGate.close',
    guard: 'gate drain: the copy waits for writes in flight to the region',
    find: 'if (this.hasInFlight()) this.onDrained = ready;\n    else ready();',
    replace: 'ready();',
    caughtBy: ['src/duplex/online-recovery.test.ts', 'src/duplex/region-gate.test.ts'],
  },
  {
    id: 'W.oneOutstanding', file: STATUS_WRITER, where: 'StatusWriter.write',
    guard: 'one status write of a page outstanding at a time',
    find: 'if (!this.writing) return this.start(entry, [done]);',
    replace: 'this.writing = false; if (!this.writing) return this.start(entry, [done]);',
    caughtBy: ['src/duplex/online-recovery.test.ts', 'src/duplex/status-durability.test.ts'],
  },
];
