// An in-memory channel for tests of the mirroring logic: the test delivers messages and toggles the link.

import type { Channel } from '../ports/channel.js';

export class FakeChannel<Message> implements Channel<Message> {
  connected = true;
  readonly sent: Message[] = [];
  private readonly messageHandlers: ((message: Message) => void)[] = [];
  private readonly connectionHandlers: ((up: boolean) => void)[] = [];

  send(message: Message): boolean {
    if (!this.connected) return false;
    this.sent.push(message);
    return true;
  }

  onMessage(handler: (message: Message) => void): void {
    this.messageHandlers.push(handler);
  }

  onConnection(handler: (up: boolean) => void): void {
    this.connectionHandlers.push(handler);
  }

  /** Delivers a message from the other side. */
  deliver(message: Message): void {
    for (const handler of this.messageHandlers) handler(message);
  }

  setConnected(up: boolean): void {
    this.connected = up;
    for (const handler of this.connectionHandlers) handler(up);
  }
}
