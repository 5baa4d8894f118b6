// The message-channel port: how the mirroring logic on one system talks to the other. Messages arrive in
// order while the connection is up; a partition or reset loses what was in flight and says so.

/**
 * One end of a connection to the other system. What it promises, and nothing more:
 * - Order: messages sent during one connection (from an up to the next down) are delivered in the order
 *   they were sent, each at most once: never duplicated, never invented, never from an earlier connection.
 * - Loss: when the connection goes down (partition of either direction, reset, the peer's crash), every
 *   message in flight is lost, silently; the only sign is the down notification. A message sent while up is
 *   either delivered before the next down notification, or lost.
 * - A send while down is refused: `send` returns false and nothing is sent, ever. `send` returning true
 *   promises only that the message was taken, not that it will arrive.
 * - `onConnection`: notifications alternate strictly (never two downs or two ups in a row), and a down is
 *   reported before any message of a later connection is delivered. A down is NOT promised to be followed by
 *   an up (the peer may never come back); a reset is a down followed by an up at the same instant.
 * - Latency is unbounded (bandwidth, jitter, spikes); no message is delivered within the call that sent it.
 */
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
