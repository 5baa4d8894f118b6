// The channel one incarnation of a mirroring side (source or target) sees: the system forwards the peer's
// mirroring messages and connection changes to it until the side is retired (a role switch or a restart).
// It is up only once the link is up and the peer's hello of this connection was heard (roles agreed first).

import type { MirrorMessage } from '../geomirror/mirror-messages.js';
import type { Channel } from '../ports/channel.js';
import type { SystemMessage } from './system-messages.js';

export class PeerChannel implements Channel<MirrorMessage> {
  private messageHandler: ((message: MirrorMessage) => void) | undefined;
  private connectionHandler: ((up: boolean) => void) | undefined;
  private retired = false;
  private open = false;

  constructor(private readonly channel: Channel<SystemMessage>) {}

  get connected(): boolean {
    // Defence in depth (open): see MirroredSystem.openSide.
    return this.open && this.channel.connected;
  }

  send(message: MirrorMessage, sizeBytes: number): boolean {
    // Defence in depth (retired): a retired side's source or target is stopped and sends nothing.
    if (this.retired || !this.connected) return false;
    return this.channel.send(message, sizeBytes);
  }

  onMessage(handler: (message: MirrorMessage) => void): void {
    this.messageHandler = handler;
  }

  onConnection(handler: (up: boolean) => void): void {
    this.connectionHandler = handler;
  }

  deliver(message: MirrorMessage): void {
    // Defence in depth: the system delivers only to its current side.
    if (!this.retired) this.messageHandler?.(message);
  }

  /** Up: the link is up and roles were agreed; down: the link went down. Notifications alternate. */
  setOpen(up: boolean): void {
    if (this.open === up) return;
    this.open = up;
    if (!this.retired) this.connectionHandler?.(up);
  }

  /** The side is retired: it neither hears nor speaks again. */
  retire(): void {
    this.retired = true;
  }
}
