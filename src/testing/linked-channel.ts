// Two connected in-memory channel ends for tests of both mirroring sides at once: a message sent waits in
// flight until the test delivers it (in order, as the port promises); the link going down loses what is in
// flight and tells both ends, as a partition or reset does.

import type { Channel } from '../ports/channel.js';

/** Bound on messages in flight at once: a test that floods the link fails instead of hanging. */
const MAX_IN_FLIGHT = 100_000;

class LinkEnd<Message> implements Channel<Message> {
  readonly messageHandlers: ((message: Message) => void)[] = [];
  readonly connectionHandlers: ((up: boolean) => void)[] = [];
  /** Every message this end sent, delivered or not (for assertions). */
  readonly sent: Message[] = [];

  constructor(private readonly link: LinkedChannels<Message>, private readonly side: 0 | 1) {}

  get connected(): boolean {
    return this.link.connected;
  }

  send(message: Message): boolean {
    if (!this.link.connected) return false;
    this.sent.push(message);
    this.link.enqueue(this.side, message);
    return true;
  }

  onMessage(handler: (message: Message) => void): void {
    this.messageHandlers.push(handler);
  }

  onConnection(handler: (up: boolean) => void): void {
    this.connectionHandlers.push(handler);
  }
}

export class LinkedChannels<Message> {
  connected = true;
  readonly ends: readonly [LinkEnd<Message>, LinkEnd<Message>];
  private inFlight: { readonly from: 0 | 1; readonly message: Message }[] = [];

  constructor() {
    this.ends = [new LinkEnd(this, 0), new LinkEnd(this, 1)];
  }

  get pendingCount(): number {
    return this.inFlight.length;
  }

  enqueue(from: 0 | 1, message: Message): void {
    if (this.inFlight.length >= MAX_IN_FLIGHT) throw new Error(`over ${MAX_IN_FLIGHT} messages in flight`);
    this.inFlight.push({ from, message });
  }

  /** Delivers the oldest message in flight (both directions keep their own order); false when none. */
  deliverOne(accept: (message: Message) => boolean = () => true): boolean {
    const index = this.inFlight.findIndex((entry) => accept(entry.message));
    if (index < 0) return false;
    const [{ from, message }] = this.inFlight.splice(index, 1);
    for (const handler of this.ends[from === 0 ? 1 : 0].messageHandlers) handler(message);
    return true;
  }

  /** The link goes down (in-flight messages lost) or comes back up; both ends are told. */
  setConnected(up: boolean): void {
    if (this.connected === up) return;
    this.connected = up;
    if (!up) this.inFlight = [];
    for (const end of this.ends) for (const handler of end.connectionHandlers) handler(up);
  }
}
