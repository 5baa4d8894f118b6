// A system's role (production or mirror target) and its role generation, as persisted in one SYSASP page:
// the role survives an IPL, and of two systems that both believe they are production the higher generation
// (then the lower system number) wins.

import { assert, assertIndex, assertSafeCount } from '../assert.js';
import { POINTER_FIRST_PAGE } from '../sls/iasp-layout.js';

export type SystemRole = 'production' | 'target';

/** The SYSASP page of the role record (between the mirroring state pages and the pointers). */
export const SYSASP_ROLE_PAGE = 8;
/** Generations are bounded so that a token stays a safe integer. */
export const MAX_ROLE_GENERATION = 2 ** 40;

export interface RoleRecord {
  readonly role: SystemRole;
  /** Grows by one at every promotion; a demoted system adopts the winner's. */
  readonly generation: number;
}

const ROLE_CODES: Readonly<Record<SystemRole, number>> = { production: 1, target: 2 };

export function encodeRole(record: RoleRecord): number {
  assertIndex(record.generation, MAX_ROLE_GENERATION, 'role generation');
  const token = record.generation * 4 + ROLE_CODES[record.role];
  assertSafeCount(token, 'role token');
  return token;
}

/** A never-written page (0) holds the configured initial role at generation 0. */
export function decodeRole(token: number, initial: SystemRole): RoleRecord {
  assertSafeCount(token, 'role token read');
  if (token === 0) return { role: initial, generation: 0 };
  const code = token % 4;
  assert(code === 1 || code === 2, 'the SYSASP holds a role code', code);
  const record: RoleRecord = { role: code === 1 ? 'production' : 'target', generation: Math.floor(token / 4) };
  assertIndex(record.generation, MAX_ROLE_GENERATION, 'role generation read');
  return record;
}

/** Of two production claims, whether `mine` wins over `theirs` (higher generation, then lower number). */
export function winsOver(mine: number, myNumber: number, theirs: number, theirNumber: number): boolean {
  assert(myNumber !== theirNumber, 'two systems share a number', myNumber);
  return mine !== theirs ? mine > theirs : myNumber < theirNumber;
}

assert(SYSASP_ROLE_PAGE < POINTER_FIRST_PAGE, 'the role page sits below the pointers');
