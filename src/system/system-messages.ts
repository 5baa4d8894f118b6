// What two systems say to each other besides mirroring: who holds which role (at every connection), and
// the switchover handshake. Carried on the same channel as the mirroring messages.

import type { MirrorMessage } from '../geomirror/mirror-messages.js';
import type { SystemRole } from './role-record.js';

export type RoleMessage =
  /**
   * Sent at every connection and after every role change. `fresh`: a mirror target just built (IPL, demotion,
   * new disk) whose copy may miss writes: production must synchronise it in full and answer `freshSeen`.
   * `ask`: the peer answers with its own hello.
   */
  | {
    readonly kind: 'hello'; readonly role: SystemRole; readonly generation: number; readonly systemNumber: number;
    readonly fresh: boolean; readonly ask: boolean;
  }
  | { readonly kind: 'freshSeen' }
  /** Production, varied off and in step, asks the target to take over at `generation`. */
  | { readonly kind: 'switchover'; readonly generation: number }
  | { readonly kind: 'switchoverDone'; readonly generation: number }
  | { readonly kind: 'switchoverRefused'; readonly reason: string };

export type SystemMessage = MirrorMessage | RoleMessage;

const ROLE_KINDS: ReadonlySet<string> = new Set([
  'hello', 'freshSeen', 'switchover', 'switchoverDone', 'switchoverRefused',
]);

export function isRoleMessage(message: SystemMessage): message is RoleMessage {
  return ROLE_KINDS.has(message.kind);
}
