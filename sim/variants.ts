// Protocol variants are data: each key picks a policy object at the composition root, never a fork of code.

import { RECOVERY_POLICIES } from '../src/duplex/recovery-policy.js';
import { MIRROR_POLICIES } from '../src/geomirror/mirror-policy.js';
import { ADDRESS_POLICIES } from '../src/sls/address-policy.js';
import { type InputIssue, renderValue } from './errors.js';
import { didYouMean } from './text/did-you-mean.js';

export interface VariantKey {
  readonly values: readonly string[];
  readonly fallback: string;
  readonly summary: string;
  /** Values expected to hold every invariant; every other value is flawed on purpose and expected to be caught. */
  readonly sound: readonly string[];
}

/** Every variant key and its values; world modules add theirs here as they arrive. */
export const VARIANT_KEYS: Readonly<Record<string, VariantKey>> = {
  addressing: {
    values: Object.keys(ADDRESS_POLICIES),
    fallback: 'system-unique',
    summary: 'IASP address ranges (seed 000): shared-range (the problem), iasp-counter, detach-assigned, system-unique (the fix), system-unique-lazy, invalidate-all.',
    sound: ['system-unique', 'invalidate-all'], // invalidate-all loses precision (falseStale), never integrity
  },
  mirroring: {
    values: Object.keys(MIRROR_POLICIES),
    fallback: 'correct',
    summary: 'Geographic mirroring: correct, or flawed on purpose: ungated-sync, lossy-tracking, early-ack, unchecked-promotion, vary-on-syncing.',
    sound: ['correct'],
  },
  recovery: {
    values: Object.keys(RECOVERY_POLICIES),
    fallback: 'gated',
    summary: 'Online recovery of duplexed volumes: gated (the seed), ungated, read-recovering, checkpoint-early, unchecked (flawed on purpose).',
    sound: ['gated'],
  },
};

export type Variant = Readonly<Record<string, string>>;

/** Fills every key with its default, then applies `chosen` in order (later wins). Returns issues for bad keys or values. */
export function resolveVariant(layers: readonly { readonly source: string; readonly values: Readonly<Record<string, string>> }[], keys = VARIANT_KEYS): { variant: Variant; issues: InputIssue[] } {
  const variant: Record<string, string> = {};
  for (const name of Object.keys(keys).sort()) variant[name] = keys[name].fallback;
  const issues: InputIssue[] = [];
  for (const layer of layers) {
    for (const name of Object.keys(layer.values).sort()) {
      const value = layer.values[name];
      const key = keys[name];
      if (key === undefined) {
        issues.push({ source: layer.source, path: name, value: renderValue(name), expected: `a variant key, one of ${Object.keys(keys).sort().join(', ') || '(none yet)'}${didYouMean(name, Object.keys(keys))}` });
      } else if (!key.values.includes(value)) {
        issues.push({ source: layer.source, path: name, value: renderValue(value), expected: `one of ${key.values.join(', ')}${didYouMean(value, key.values)}` });
      } else variant[name] = value;
    }
  }
  return { variant, issues };
}

/** `["addressing=shared-range", "recovery=gated"]` → a map, or issues naming `source` (`--variant` on the CLI). */
export function parseVariantAssignments(
  assignments: readonly string[],
  source = 'variant',
): { values: Record<string, string>; issues: InputIssue[] } {
  const values: Record<string, string> = {};
  const issues: InputIssue[] = [];
  for (const assignment of assignments) {
    const match = /^([A-Za-z][\w.-]*)=([\w.-]+)$/.exec(assignment);
    const expected = 'key=value, such as recovery=gated';
    if (match === null) issues.push({ source, path: '', value: renderValue(assignment), expected });
    else if (Object.hasOwn(values, match[1])) {
      const expected = `one value per key (${match[1]} is given twice: ${values[match[1]]} and ${match[2]})`;
      issues.push({ source, path: match[1], value: renderValue(match[2]), expected });
    } else values[match[1]] = match[2];
  }
  return { values, issues };
}

/** The keys of `variant` set to a value flawed on purpose (not `sound`), in key order; empty for a sound variant. */
export function flawedKeys(variant: Readonly<Record<string, string>>, keys = VARIANT_KEYS): string[] {
  return Object.keys(variant).sort().filter((name) => keys[name] !== undefined && !keys[name].sound.includes(variant[name]));
}
