// The network between the two systems: one connection with a one-way latency distribution, bandwidth
// (serialisation delay), partitions (one or both directions), latency spikes and resets. Messages arrive
// in order while the connection is up; when it goes down, whatever is in flight is lost and both ends hear.

import type { Channel } from '../../src/ports/channel.js';
import type { EventHandle, Kernel } from '../kernel/kernel.js';
import type { RandomStream } from '../kernel/random.js';

export interface LinkSpec {
  readonly latencyUs: number;
  /** Uniform extra delay in [0, jitterUs]. */
  readonly jitterUs: number;
  readonly bandwidthBytesPerS: number;
}

export type Direction = 0 | 1;

interface InFlight {
  readonly handle: EventHandle;
}

class Lane {
  busyUntilUs = 0;
  lastDeliveryUs = 0;
  readonly inFlight = new Set<InFlight>();
}

/** One end of the connection, as the logic on that system sees it. */
export class LinkEndpoint<Message> implements Channel<Message> {
  private readonly messageHandlers: ((message: Message) => void)[] = [];
  private readonly connectionHandlers: ((up: boolean) => void)[] = [];

  constructor(
    private readonly link: NetworkLink<Message>,
    readonly side: Direction,
  ) {}

  get connected(): boolean {
    return this.link.connected;
  }

  send(message: Message, sizeBytes: number): boolean {
    return this.link.send(this.side, message, sizeBytes);
  }

  onMessage(handler: (message: Message) => void): void {
    this.messageHandlers.push(handler);
  }

  onConnection(handler: (up: boolean) => void): void {
    this.connectionHandlers.push(handler);
  }

  /** Handlers belong to the logic of one incarnation of a system; a crash or a role switch drops them. */
  clearHandlers(): void {
    this.messageHandlers.length = 0;
    this.connectionHandlers.length = 0;
  }

  deliver(message: Message): void {
    for (const handler of this.messageHandlers) handler(message);
  }

  connectionChanged(up: boolean): void {
    for (const handler of this.connectionHandlers) handler(up);
  }
}

export class NetworkLink<Message> {
  readonly endpoints: readonly [LinkEndpoint<Message>, LinkEndpoint<Message>];
  private readonly lanes: readonly [Lane, Lane] = [new Lane(), new Lane()];
  /** Directions partitioned until the given time (0 = not partitioned). */
  private readonly partitionedUntilUs: [number, number] = [0, 0];
  /** A system that is down takes its end of the connection with it; both are down until their first IPL. */
  private readonly endDown: [boolean, boolean] = [true, true];
  private spikeFactor = 1;
  private spikeUntilUs = 0;
  private up = false;
  private readonly deliverKind;
  private readonly changeKind;
  /** Messages and bytes sent, for the result. */
  readonly counts = { messages: 0, bytes: 0, lost: 0, downEvents: 0 };
  /** For the oracles, told before each delivery: the sending end, the message's place among all sends, it. */
  deliveryWatcher: ((from: Direction, sendIndex: number, message: Message) => void) | undefined;

  constructor(
    private readonly kernel: Kernel,
    private readonly spec: LinkSpec,
    private readonly stream: RandomStream,
  ) {
    this.endpoints = [new LinkEndpoint(this, 0), new LinkEndpoint(this, 1)];
    this.deliverKind = kernel.kind('link.deliver');
    this.changeKind = kernel.kind('link.change');
  }

  get connected(): boolean {
    return this.up;
  }

  send(from: Direction, message: Message, sizeBytes: number): boolean {
    if (!this.up) return false;
    const lane = this.lanes[from];
    const now = this.kernel.nowUs;
    const serialisationUs = Math.ceil((sizeBytes * 1_000_000) / this.spec.bandwidthBytesPerS);
    const sentUs = Math.max(now, lane.busyUntilUs) + serialisationUs;
    lane.busyUntilUs = sentUs;
    const spike = now < this.spikeUntilUs ? this.spikeFactor : 1;
    const latencyUs = (this.spec.latencyUs + (this.spec.jitterUs > 0 ? this.stream.integer(this.spec.jitterUs + 1) : 0)) * spike;
    const deliveryUs = Math.max(sentUs + latencyUs, lane.lastDeliveryUs);
    lane.lastDeliveryUs = deliveryUs;
    const to = this.endpoints[from === 0 ? 1 : 0];
    const entry: { handle: EventHandle } = { handle: 0 };
    const sendIndex = this.counts.messages;
    entry.handle = this.kernel.scheduleAt(deliveryUs, this.deliverKind, () => {
      lane.inFlight.delete(entry);
      this.deliveryWatcher?.(from, sendIndex, message);
      to.deliver(message);
    });
    lane.inFlight.add(entry);
    this.counts.messages += 1;
    this.counts.bytes += sizeBytes;
    return true;
  }

  /** Cuts one direction (`0`: system 0 to 1, `1`: back) or both for a period. */
  partition(directions: readonly Direction[], forUs: number): void {
    for (const direction of directions) this.partitionedUntilUs[direction] = Math.max(this.partitionedUntilUs[direction], this.kernel.nowUs + forUs);
    this.kernel.schedule(forUs, this.changeKind, () => this.reevaluate());
    this.reevaluate();
  }

  /** The connection drops (in-flight messages lost) and is re-established at once. */
  reset(): void {
    if (!this.up) return;
    this.goDown();
    this.reevaluate();
  }

  latencySpike(factor: number, forUs: number): void {
    this.spikeFactor = factor;
    this.spikeUntilUs = this.kernel.nowUs + forUs;
  }

  /** A system went down (crash) or came back (IPL). */
  setEndDown(side: Direction, down: boolean): void {
    this.endDown[side] = down;
    this.reevaluate();
  }

  heal(): void {
    this.partitionedUntilUs[0] = 0;
    this.partitionedUntilUs[1] = 0;
    this.spikeUntilUs = 0;
    this.reevaluate();
  }

  private reevaluate(): void {
    const now = this.kernel.nowUs;
    const shouldBeUp = !this.endDown[0] && !this.endDown[1] && this.partitionedUntilUs[0] <= now && this.partitionedUntilUs[1] <= now;
    if (shouldBeUp === this.up) return;
    if (!shouldBeUp) return this.goDown();
    this.up = true;
    this.kernel.record('link', { state: 'up' });
    for (const endpoint of this.endpoints) endpoint.connectionChanged(true);
  }

  private goDown(): void {
    this.up = false;
    this.counts.downEvents += 1;
    for (const lane of this.lanes) {
      for (const entry of lane.inFlight) {
        this.kernel.cancel(entry.handle);
        this.counts.lost += 1;
      }
      lane.inFlight.clear();
      lane.busyUntilUs = this.kernel.nowUs;
      lane.lastDeliveryUs = this.kernel.nowUs;
    }
    this.kernel.record('link', { state: 'down' });
    for (const endpoint of this.endpoints) endpoint.connectionChanged(false);
  }
}
