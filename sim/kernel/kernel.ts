// The simulation kernel: virtual time, one totally ordered event queue with cancellation, named random
// streams, two rolling fingerprints with checkpoints, coverage probes and the trace.

import { assert } from '../errors.js';
import { EventQueue, SEQUENCE_LIMIT } from './event-queue.js';
import { Fingerprint, hashString } from './fingerprint.js';
import { Probes } from './probes.js';
import { RandomStreams } from './random.js';
import { MAX_TIME_US, formatTimeUs } from './time.js';
import { TraceRecorder } from './trace.js';

/** Same-time events run by priority (lower first), then in insertion order. */
export const Priority = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
export type PriorityLevel = (typeof Priority)[keyof typeof Priority];

/** A named kind of event or outcome; its name's hash (not its registration order) feeds the fingerprints. */
export interface EventKind {
  readonly code: number;
  readonly name: string;
  readonly nameHash: number;
}

/** Opaque handle of a scheduled event, for cancellation. */
export type EventHandle = number;

export type StopReason = 'time' | 'quiescent' | 'eventBound' | 'stopped';

export interface RunLimits {
  /** Run events strictly before this time; if any remain, the clock is then set to it. */
  readonly untilUs?: number;
  /** Stop once this many events have run in total (over all calls to run). */
  readonly maxEvents?: number;
}

export interface Checkpoint {
  readonly eventNumber: number;
  readonly timeUs: number;
  readonly schedule: string;
  readonly outcome: string;
}

export interface KernelOptions {
  readonly seed: string;
  readonly trace?: TraceRecorder;
  /** Fingerprints are checkpointed every this many events. */
  readonly checkpointEvery?: number;
  /** How many checkpoints to keep in memory (KEPT_CHECKPOINTS unless a test says otherwise). */
  readonly keptCheckpoints?: number;
}

export const DEFAULT_CHECKPOINT_EVERY = 4096;
/**
 * Checkpoints a kernel keeps in memory (the trace still gets every one). Past this, every other one is
 * dropped and from then on only every 2nd (4th, ...) is kept, with the latest always: a long run's list
 * stays this short and still spans the whole run evenly.
 */
export const KEPT_CHECKPOINTS = 1024;

type Handler = (payload: any) => void;

// A handle packs a slot index (low 24 bits) with that slot's generation, so a stale handle never cancels
// a later event that reuses the slot.
const SLOT_BITS = 24;
const SLOT_LIMIT = 2 ** SLOT_BITS;
const GENERATION_MASK = 2 ** 28 - 1;
const INITIAL_SLOTS = 1024;

export class Kernel {
  // The clock sits in a Float64Array: as an object field, a time past V8's small-integer range would be
  // a boxed double, rewritten on every event.
  private readonly clockUs = new Float64Array(1);
  /** Events executed so far; the number of the event now running. */
  eventCount = 0;
  readonly random: RandomStreams;
  readonly probes = new Probes();
  readonly trace: TraceRecorder;
  /** The checkpoints kept (see KEPT_CHECKPOINTS), oldest first; the latest is always among them. */
  readonly checkpoints: Checkpoint[] = [];
  readonly checkpointEvery: number;
  /** Ordinal (1, 2, ...) of each kept checkpoint, beside `checkpoints`; only multiples of the stride stay. */
  private readonly checkpointOrdinals: number[] = [];
  private checkpointsTaken = 0;
  private checkpointStride = 1;
  private readonly keptCheckpoints: number;

  private readonly scheduleHash = new Fingerprint();
  private readonly outcomeHash = new Fingerprint();
  private readonly queue = new EventQueue();
  private readonly kinds: EventKind[] = [];
  private readonly kindsByName = new Map<string, EventKind>();

  private handlers: Array<Handler | undefined> = new Array(INITIAL_SLOTS).fill(undefined);
  private payloads: unknown[] = new Array(INITIAL_SLOTS).fill(undefined);
  private slotKind = new Int32Array(INITIAL_SLOTS);
  private slotKindHash = new Int32Array(INITIAL_SLOTS);
  private slotGeneration = new Int32Array(INITIAL_SLOTS);
  private freeSlots = new Int32Array(INITIAL_SLOTS);
  private freeCount = 0;
  private slotCount = 0;
  private cancelledInQueue = 0;
  private sequence = 0;
  private stopRequested = false;
  private nextCheckpointAt: number;

  constructor(options: KernelOptions) {
    this.random = new RandomStreams(options.seed);
    this.trace = options.trace ?? new TraceRecorder('off', undefined);
    this.checkpointEvery = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    assert(Number.isInteger(this.checkpointEvery) && this.checkpointEvery > 0, `checkpointEvery must be a positive integer, got ${this.checkpointEvery}`);
    this.nextCheckpointAt = this.checkpointEvery;
    this.keptCheckpoints = options.keptCheckpoints ?? KEPT_CHECKPOINTS;
    assert(Number.isInteger(this.keptCheckpoints), `keptCheckpoints must be whole, got ${this.keptCheckpoints}`);
    assert(this.keptCheckpoints >= 2, `keptCheckpoints must be at least 2, got ${this.keptCheckpoints}`);
  }

  /** Returns the kind with this name, defining it on first use. */
  kind(name: string): EventKind {
    let kind = this.kindsByName.get(name);
    if (kind === undefined) {
      kind = { code: this.kinds.length, name, nameHash: hashString(name) };
      this.kinds.push(kind);
      this.kindsByName.set(name, kind);
    }
    return kind;
  }

  /** Virtual time now, in whole microseconds. */
  get nowUs(): number {
    return this.clockUs[0];
  }

  /** Events scheduled and neither run nor cancelled. */
  get pendingCount(): number {
    return this.queue.size - this.cancelledInQueue;
  }

  get scheduleFingerprint(): string {
    return this.scheduleHash.hex();
  }

  get outcomeFingerprint(): string {
    return this.outcomeHash.hex();
  }

  schedule<P>(delayUs: number, kind: EventKind, handler: (payload: P) => void, payload?: P, priority: PriorityLevel = Priority.normal): EventHandle {
    if (!(delayUs >= 0 && delayUs === Math.floor(delayUs))) {
      assert(false, `event ${kind.name}: delay must be a non-negative whole number of microseconds, got ${delayUs}`);
    }
    return this.insert(this.nowUs + delayUs, kind, handler, payload, priority);
  }

  scheduleAt<P>(timeUs: number, kind: EventKind, handler: (payload: P) => void, payload?: P, priority: PriorityLevel = Priority.normal): EventHandle {
    if (!(timeUs >= this.nowUs && timeUs === Math.floor(timeUs))) {
      assert(false, `event ${kind.name}: time ${timeUs} is in the past (now ${formatTimeUs(this.nowUs)}) or not a whole number of microseconds`);
    }
    return this.insert(timeUs, kind, handler, payload, priority);
  }

  private insert(timeUs: number, kind: EventKind, handler: Handler, payload: unknown, priority: PriorityLevel): EventHandle {
    if (timeUs > MAX_TIME_US || this.sequence >= SEQUENCE_LIMIT) {
      assert(false, `event ${kind.name}: time ${timeUs} or sequence ${this.sequence} beyond the kernel's range`);
    }
    const slot = this.allocateSlot();
    this.handlers[slot] = handler;
    this.payloads[slot] = payload;
    this.slotKind[slot] = kind.code;
    this.slotKindHash[slot] = kind.nameHash;
    this.queue.push(timeUs, priority, this.sequence, slot);
    this.sequence += 1;
    return this.slotGeneration[slot] * SLOT_LIMIT + slot;
  }

  /** Cancels a pending event; returns false if it already ran or was cancelled. A cancelled event never fires. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const generation = Math.floor(handle / SLOT_LIMIT);
    if (slot >= this.slotCount || this.slotGeneration[slot] !== generation || this.handlers[slot] === undefined) return false;
    this.handlers[slot] = undefined;
    this.payloads[slot] = undefined;
    this.cancelledInQueue += 1;
    if (this.cancelledInQueue > 64 && this.cancelledInQueue * 2 > this.queue.size) this.purgeCancelled();
    return true;
  }

  /** Asks the running loop to stop after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Folds an integrity-relevant outcome into the outcome fingerprint. */
  outcome(kind: EventKind, first = 0, second = 0): void {
    const hash = this.outcomeHash;
    hash.addWord(kind.nameHash);
    hash.addInteger(this.nowUs);
    hash.addInteger(first);
    hash.addInteger(second);
  }

  /** Writes a record into the trace: summary records appear at `summary` and `full`, detail ones at `full` only. */
  record(record: string, fields: Record<string, unknown>, detail = false): void {
    this.trace.record(this.eventCount, this.nowUs, record, fields, detail);
  }

  run(limits: RunLimits = {}): StopReason {
    const untilUs = limits.untilUs ?? Infinity;
    const maxEvents = limits.maxEvents ?? Infinity;
    const queue = this.queue;
    const handlers = this.handlers;
    const traceFull = this.trace.full && this.trace.enabled;
    const hash = this.scheduleHash;
    this.stopRequested = false;
    for (;;) {
      if (queue.size === 0) return 'quiescent';
      const timeUs = queue.peekTimeUs();
      if (timeUs >= untilUs) {
        this.clockUs[0] = untilUs;
        return 'time';
      }
      const slot = queue.peekSlot();
      const handler = handlers[slot];
      if (handler === undefined) {
        queue.pop();
        this.cancelledInQueue -= 1;
        this.releaseSlot(slot);
        continue;
      }
      if (this.eventCount >= maxEvents) return 'eventBound';
      if (this.stopRequested) return 'stopped';
      queue.pop();
      const payload = this.payloads[slot];
      const kindHash = this.slotKindHash[slot];
      const kindCode = this.slotKind[slot];
      this.handlers[slot] = undefined;
      this.payloads[slot] = undefined;
      this.releaseSlot(slot);
      this.clockUs[0] = timeUs;
      this.eventCount += 1;
      hash.addEvent(kindHash, timeUs);
      if (traceFull) this.trace.event(this.eventCount, timeUs, this.kinds[kindCode].name);
      handler(payload);
      if (this.eventCount === this.nextCheckpointAt) this.checkpoint();
    }
  }

  /** Records the current fingerprints as a checkpoint (also called at the end of a run). */
  checkpoint(): Checkpoint {
    const checkpoint: Checkpoint = {
      eventNumber: this.eventCount,
      timeUs: this.nowUs,
      schedule: this.scheduleHash.hex(),
      outcome: this.outcomeHash.hex(),
    };
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (last === undefined || last.eventNumber !== checkpoint.eventNumber) {
      this.keepCheckpoint(checkpoint);
      this.trace.checkpoint(checkpoint.eventNumber, checkpoint.timeUs, checkpoint.schedule, checkpoint.outcome);
    }
    this.nextCheckpointAt = this.eventCount + this.checkpointEvery;
    return checkpoint;
  }

  /** Appends a checkpoint, dropping the previous latest if off the stride, and thins the list when full. */
  private keepCheckpoint(checkpoint: Checkpoint): void {
    this.checkpointsTaken += 1;
    const ordinals = this.checkpointOrdinals;
    const latest = ordinals.length - 1;
    if (latest >= 0 && ordinals[latest] % this.checkpointStride !== 0) {
      ordinals.pop();
      this.checkpoints.pop();
    }
    this.checkpoints.push(checkpoint);
    ordinals.push(this.checkpointsTaken);
    if (this.checkpoints.length <= this.keptCheckpoints) return;
    this.checkpointStride *= 2;
    let kept = 0;
    for (let index = 0; index < ordinals.length; index += 1) {
      if (index !== ordinals.length - 1 && ordinals[index] % this.checkpointStride !== 0) continue;
      ordinals[kept] = ordinals[index];
      this.checkpoints[kept] = this.checkpoints[index];
      kept += 1;
    }
    ordinals.length = kept;
    this.checkpoints.length = kept;
    assert(kept <= this.keptCheckpoints, `kept ${kept} checkpoints, bound ${this.keptCheckpoints}`);
  }

  private allocateSlot(): number {
    if (this.freeCount > 0) {
      this.freeCount -= 1;
      return this.freeSlots[this.freeCount];
    }
    if (this.slotCount === this.slotGeneration.length) this.growSlots();
    const slot = this.slotCount;
    this.slotCount += 1;
    return slot;
  }

  private releaseSlot(slot: number): void {
    this.slotGeneration[slot] = (this.slotGeneration[slot] + 1) & GENERATION_MASK;
    this.freeSlots[this.freeCount] = slot;
    this.freeCount += 1;
  }

  private growSlots(): void {
    const capacity = this.slotGeneration.length * 2;
    assert(capacity <= SLOT_LIMIT, `more than ${SLOT_LIMIT} events pending`);
    const kinds = new Int32Array(capacity);
    kinds.set(this.slotKind);
    this.slotKind = kinds;
    const kindHashes = new Int32Array(capacity);
    kindHashes.set(this.slotKindHash);
    this.slotKindHash = kindHashes;
    const generations = new Int32Array(capacity);
    generations.set(this.slotGeneration);
    this.slotGeneration = generations;
    const free = new Int32Array(capacity);
    free.set(this.freeSlots);
    this.freeSlots = free;
    // Grow by pushing so the arrays stay packed (no holes) for V8.
    for (let slot = this.handlers.length; slot < capacity; slot += 1) {
      this.handlers.push(undefined);
      this.payloads.push(undefined);
    }
  }

  private purgeCancelled(): void {
    const dropped: number[] = [];
    this.queue.retain((slot) => {
      if (this.handlers[slot] !== undefined) return true;
      dropped.push(slot);
      return false;
    });
    for (const slot of dropped) this.releaseSlot(slot);
    this.cancelledInQueue = 0;
  }
}
