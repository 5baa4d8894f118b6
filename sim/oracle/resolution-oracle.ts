// The oracle of the single-level store (seed 000): the ghost identity of every object ever created and the
// intended target of every pointer stored, never visible to `src/`. Every resolution is classified ok,
// staleDetected, destroyedDetected, falseStale or foreign; a foreign one is a violation with its causal chain.
//
// What it reads: the application's intents and acknowledgements (a create's result gives the object's
// address: that is the create's acknowledgement to the application; a pointer store's intent; a destroy's
// acknowledgement), what each resolution returned to the application, and disk contents (the directory page
// of the copy the resolving system uses, found through that copy's own header and owned-range list, to tell
// falseStale from staleDetected; who last wrote each directory
// page, from the disk hook). Taken from the logic for causal chains only, never for a verdict: the ranges it
// says it uses (`rangeInUse`) and the copy events the world names (`copyEvent`).
// Areas not verified: resolutions that come back empty or failed (an I/O error is the store's right);
// pointers whose store never landed or whose object the oracle never saw acknowledged (nothing to compare).

import type { Resolution } from '../../src/sls/single-level-store.js';
import {
  CONTENT_LIMIT, DIRECTORY_PAGES, LABEL_LIMIT, directoryFirstPage, directoryPageOn, encodeEntry, rangeOf,
} from '../../src/sls/iasp-layout.js';
import type { RangeReason } from '../../src/sls/sls-observer.js';
import type { Kernel } from '../kernel/kernel.js';
import { formatShortUs } from '../kernel/time.js';
import { TimeBuckets } from '../runner/series.js';
import type { SimulatedDisk } from '../world/simulated-disk.js';
import type { ViolationLog } from './violations.js';

export const RESOLUTION_CLASSES = ['ok', 'staleDetected', 'destroyedDetected', 'falseStale', 'foreign'] as const;
export type ResolutionClass = (typeof RESOLUTION_CLASSES)[number];

export interface GhostObject {
  readonly serial: number;
  readonly address: number;
  readonly system: string;
  readonly copy: string;
  readonly createdUs: number;
  destroyedUs: number | undefined;
}

interface GhostPointer {
  readonly label: number;
  readonly serial: number;
  readonly system: string;
  readonly slot: number;
  readonly storedUs: number;
}

interface RangeUse {
  readonly timeUs: number;
  readonly system: string;
  readonly copy: string;
  readonly reason: RangeReason;
}

/** Who last wrote a directory page of a copy, for the causal chain. */
interface PageWriter {
  readonly timeUs: number;
  readonly how: 'synchronisation' | 'storageCopy' | 'local';
}

/** A causal chain names the last few copy events; older ones are not kept. */
const COPY_EVENTS_KEPT = 6;
/**
 * Pointer labels are per system and slot, modulo LABEL_LIMIT. The ghost of a store is kept until this many
 * later stores to its slot: the slot holds one of the last few issued (the applications bound their
 * outstanding operations far below), so a (system, slot, label) names one store; older ones resolve unjudged.
 */
export const POINTER_GHOST_WINDOW = 4096;

export class ResolutionOracle {
  readonly objects = new Map<number, GhostObject>();
  /** Keyed by pointerKey(system, slot, label). */
  private readonly pointers = new Map<string, GhostPointer>();
  /** Stores issued per system and slot (the next label is this modulo LABEL_LIMIT). */
  private readonly storesPerSlot = new Map<string, number>();
  private readonly rangeUses = new Map<number, RangeUse[]>();
  /** Per disk name, per directory page: the last writer. */
  private readonly directoryWriters = new Map<string, Map<number, PageWriter>>();
  private readonly copyEvents: string[] = [];
  readonly counts: Record<ResolutionClass, number> = { ok: 0, staleDetected: 0, destroyedDetected: 0, falseStale: 0, foreign: 0 };
  /** Resolutions per class per bucket (one second, wider past SERIES_BUCKETS seconds), in fixed space. */
  readonly series = new TimeBuckets(RESOLUTION_CLASSES.map(() => 'sum'));
  /** Each foreign resolution: when, and the index of its violation. */
  readonly foreignMarks: { readonly timeUs: number; readonly system: string; readonly pointerLabel: number }[] = [];
  private nextSerial = 1;
  private readonly directoryFirst: number;

  constructor(
    private readonly kernel: Kernel,
    private readonly log: ViolationLog,
    private readonly dataPageCount: number,
  ) {
    this.directoryFirst = directoryFirstPage(dataPageCount);
  }

  /** Content for a new object: its ghost serial, unique over the run. */
  newObjectSerial(): number {
    const serial = this.nextSerial;
    this.nextSerial += 1;
    return serial;
  }

  /** Serials left before object content (CONTENT_LIMIT) is used up: a create beyond it is skipped. */
  objectSerialsLeft(): number {
    return CONTENT_LIMIT - this.nextSerial;
  }

  /** The label of the next pointer store into `slot` of `system`'s SYSASP. */
  newPointerLabel(system: string, slot: number): number {
    const slotKey = `${system}/${slot}`;
    const stores = this.storesPerSlot.get(slotKey) ?? 0;
    this.storesPerSlot.set(slotKey, stores + 1);
    if (stores >= POINTER_GHOST_WINDOW) this.pointers.delete(pointerKey(system, slot, (stores - POINTER_GHOST_WINDOW) % LABEL_LIMIT));
    return stores % LABEL_LIMIT;
  }

  objectCreated(serial: number, address: number, system: string, copy: string): GhostObject {
    const object: GhostObject = { serial, address, system, copy, createdUs: this.kernel.nowUs, destroyedUs: undefined };
    this.objects.set(serial, object);
    return object;
  }

  objectDestroyed(serial: number): void {
    const object = this.objects.get(serial);
    if (object !== undefined && object.destroyedUs === undefined) object.destroyedUs = this.kernel.nowUs;
  }

  /** Registered when the store is issued: the label identifies the store whatever lands. */
  pointerStoring(label: number, serial: number, system: string, slot: number): void {
    this.pointers.set(pointerKey(system, slot, label), { label, serial, system, slot, storedUs: this.kernel.nowUs });
  }

  rangeInUse(range: number, system: string, copy: string, reason: RangeReason): void {
    let uses = this.rangeUses.get(range);
    if (uses === undefined) {
      uses = [];
      this.rangeUses.set(range, uses);
    }
    uses.push({ timeUs: this.kernel.nowUs, system, copy, reason });
  }

  copyEvent(description: string): void {
    this.copyEvents.push(`${description} at ${formatShortUs(this.kernel.nowUs)}`);
    if (this.copyEvents.length > COPY_EVENTS_KEPT) this.copyEvents.shift();
  }

  /** The disk hook: remembers who last wrote each directory page of each copy. */
  pageWritten(disk: SimulatedDisk, pageIndex: number, fromRange: boolean): void {
    if (pageIndex < this.directoryFirst || pageIndex >= this.directoryFirst + DIRECTORY_PAGES) return;
    let writers = this.directoryWriters.get(disk.name);
    if (writers === undefined) {
      writers = new Map();
      this.directoryWriters.set(disk.name, writers);
    }
    writers.set(pageIndex, { timeUs: this.kernel.nowUs, how: fromRange ? 'synchronisation' : 'local' });
  }

  /** A storage copy was made onto `disk`: every directory page it holds came from it. */
  storageCopyMade(disk: SimulatedDisk): void {
    const writers = new Map<number, PageWriter>();
    for (const [pageIndex] of disk.writtenPages()) {
      if (pageIndex >= this.directoryFirst && pageIndex < this.directoryFirst + DIRECTORY_PAGES) writers.set(pageIndex, { timeUs: this.kernel.nowUs, how: 'storageCopy' });
    }
    this.directoryWriters.set(disk.name, writers);
  }

  /** Does `object` exist (not destroyed) in the copy on `disk`? Judged from the disk itself. */
  existsIn(object: GhostObject, disk: SimulatedDisk): boolean {
    const page = this.directoryPageOn(disk, object.address);
    return page !== undefined && disk.peek(page) === encodeEntry({ address: object.address, content: object.serial, destroyed: false });
  }

  /** A resolution of the pointer in `slot` of `system`'s SYSASP through the copy on `disk`. */
  resolved(system: string, slot: number, disk: SimulatedDisk, resolution: Resolution): ResolutionClass | undefined {
    if (resolution.kind === 'empty' || resolution.kind === 'failed') return undefined;
    const pointer = this.pointers.get(pointerKey(system, slot, resolution.label));
    if (pointer === undefined) return undefined;
    const intended = this.objects.get(pointer.serial);
    if (intended === undefined) return undefined;
    let verdict: ResolutionClass;
    if (resolution.kind === 'object') verdict = resolution.content === intended.serial ? 'ok' : 'foreign';
    else if (resolution.kind === 'destroyed' && intended.destroyedUs !== undefined) verdict = 'destroyedDetected';
    else verdict = this.existsIn(intended, disk) ? 'falseStale' : 'staleDetected';
    this.count(verdict);
    if (verdict === 'foreign' && resolution.kind === 'object') this.reportForeign(system, disk, pointer, intended, resolution.content);
    return verdict;
  }

  /** Rows [bucket start µs, ...counts by class] in time order (buckets `series.bucketUs` wide). */
  seriesRows(): number[][] {
    return this.series.rows();
  }

  private count(verdict: ResolutionClass): void {
    this.counts[verdict] += 1;
    this.kernel.outcome(this.kernel.kind(`resolution.${verdict}`));
    this.series.add(this.kernel.nowUs, RESOLUTION_CLASSES.map((name) => (name === verdict ? 1 : 0)));
  }

  /** The directory page of an address on a disk, found through that disk's own header and owned list. */
  private directoryPageOn(disk: SimulatedDisk, address: number): number | undefined {
    return directoryPageOn(this.dataPageCount, address, (pageIndex) => disk.peek(pageIndex));
  }

  private reportForeign(system: string, disk: SimulatedDisk, pointer: GhostPointer, intended: GhostObject, foundSerial: number): void {
    const found = this.objects.get(foundSerial);
    const range = rangeOf(intended.address);
    const uses = (this.rangeUses.get(range) ?? []).map((use) => `on copy ${use.copy} (system ${use.system}, ${describeReason(use.reason)}) at ${formatShortUs(use.timeUs)}`);
    const intendedPage = this.directoryPageOn(disk, intended.address);
    const writer = intendedPage === undefined ? undefined : this.directoryWriters.get(disk.name)?.get(intendedPage);
    const arrival = writer === undefined
      ? `the directory page of address ${intended.address} on copy ${disk.name} holds it`
      : writer.how === 'synchronisation'
        ? `a synchronisation at ${formatShortUs(writer.timeUs)} copied production's directory page for address ${intended.address} onto copy ${disk.name}`
        : writer.how === 'storageCopy'
          ? `the storage copy made at ${formatShortUs(writer.timeUs)} brought production's directory page for address ${intended.address} onto copy ${disk.name}`
          : `copy ${disk.name} itself wrote the directory page for address ${intended.address} at ${formatShortUs(writer.timeUs)}`;
    this.foreignMarks.push({ timeUs: this.kernel.nowUs, system, pointerLabel: pointer.label });
    this.log.report('foreignResolution', `pointer #${pointer.label} on system ${system} resolved to object #${foundSerial} instead of object #${intended.serial} (address ${intended.address})`, [
      `pointer #${pointer.label} stored at ${formatShortUs(pointer.storedUs)} on system ${pointer.system} (slot ${pointer.slot}) for object #${intended.serial}, created at ${formatShortUs(intended.createdUs)} on copy ${intended.copy} at address ${intended.address}`,
      `address range ${range} was put in use ${uses.join('; and ') || '(no record)'}`,
      found === undefined
        ? `object #${foundSerial} took address ${intended.address} as well`
        : `object #${foundSerial} was created at the same address at ${formatShortUs(found.createdUs)} on copy ${found.copy} (system ${found.system})`,
      ...(this.copyEvents.length > 0 ? [`copy events: ${this.copyEvents.join('; ')}`] : []),
      arrival,
      `resolved at ${formatShortUs(this.kernel.nowUs)} on system ${system} through copy ${disk.name} to object #${foundSerial}`,
    ]);
  }
}

function describeReason(reason: RangeReason): string {
  switch (reason) {
    case 'initial':
      return 'first range of the IASP';
    case 'kept':
      return 'kept the IASP\'s shared current range at vary-on';
    case 'iaspCounter':
      return 'vary-on took the IASP counter + 1';
    case 'systemCounter':
      return 'vary-on took the system\'s range counter + 1';
    case 'assignedAtDetach':
      return 'assigned by production at detach';
    case 'rangeFull':
      return 'the previous range was full';
  }
}

function pointerKey(system: string, slot: number, label: number): string {
  return `${system}/${slot}/${label}`;
}
