// A named mutation of one guard in src/: the exact text it replaces, and the tests that fail under it (or why
// none does: defence in depth). docs/guards.md tabulates them; run.ts applies each and checks its tests fail.

import { DUPLEX_MUTATIONS } from './duplex.js';
import { SLS_MUTATIONS } from './sls.js';
import { SOURCE_MUTATIONS } from './source.js';
import { SYSTEM_MUTATIONS } from './system.js';
import { TARGET_MUTATIONS } from './target.js';

export interface GuardMutation {
  /** Stable name, cited by the tests and docs/guards.md: area letter, then what the guard is about. */
  readonly id: string;
  /** The source file under src/ that holds the guard. */
  readonly file: string;
  /** Class and method (or constructor) of the guard. */
  readonly where: string;
  /** What the guard ensures, in words. */
  readonly guard: string;
  /** Text that occurs exactly once in `file`: the guard. */
  readonly find: string;
  /** What it becomes without the guard. */
  readonly replace: string;
  /** Test files in which some test fails under the mutation; empty when `defence` says why none does. */
  readonly caughtBy: readonly string[];
  /** Why no test catches it: what else already holds (defence in depth), or why it is not a guard. */
  readonly defence?: string;
}

export const GUARD_MUTATIONS: readonly GuardMutation[] = [
  ...SOURCE_MUTATIONS, ...TARGET_MUTATIONS, ...SYSTEM_MUTATIONS, ...SLS_MUTATIONS, ...DUPLEX_MUTATIONS,
];
