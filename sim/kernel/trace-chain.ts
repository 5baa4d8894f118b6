// The hash chain of a mirrorsim-trace/2 file: every checkpoint and end line carries, first, a "chain" field,
// the SHA-256 of the exact bytes from the start of the previous such line (or of the file) to its own
// start, followed by its own text without the chain field. So every byte of a trace is covered, and an edit,
// an added or a removed line breaks the first chain after it.

import { type Hash, createHash } from 'node:crypto';
import { assert } from '../errors.js';

/** The opening bytes of every chained (checkpoint or end) line; canonical key order puts "chain" first. */
export const CHAIN_PREFIX = '{"chain":"';
export const CHAIN_HEX_LENGTH = 64;
/** Where a chained line's own text resumes after `{"chain":"<64 hex>",`. */
export const CHAIN_BODY_OFFSET = CHAIN_PREFIX.length + CHAIN_HEX_LENGTH + 2;

export function newChainHash(): Hash {
  return createHash('sha256');
}

/**
 * A chained line from the hash of its segment (the bytes since the previous chained line) and its own text
 * without the chain field (`{"n":...}`, canonical JSON): the chain is the segment's hash after that text.
 */
export function chainedLine(segment: Hash, body: string): string {
  assert(body.startsWith('{"') && body.endsWith('}'), `a chained line is a JSON object with fields: ${body}`);
  segment.update(body);
  return `${CHAIN_PREFIX}${segment.digest('hex')}",${body.slice(1)}`;
}
