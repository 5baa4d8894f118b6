// The message-channel port: how the mirroring logic on one system talks to the other. Messages arrive in
// order while the connection is up; a partition or reset loses what was in flight and says so.

export interface Channel<Message> {
  /** True while the connection is up. */
  readonly connected: boolean;
  /** Sends a message; returns false (and sends nothing) when the connection is down. */
  send(message: Message, sizeBytes: number): boolean;
  /** Called for each message delivered, in order. */
  onMessage(handler: (message: Message) => void): void;
  /** Called when the connection goes down (in-flight messages lost) or comes back up. */
  onConnection(handler: (up: boolean) => void): void;
}
