// Violations whose causal chains say the same thing, grouped: one written out, then how many and which (time,
// event, message). Two chains are the same when they differ only in pointer and object numbers, addresses,
// slots, event numbers and times; an invariant, a copy, a system, a range or a step that differs parts them.

import type { Violation } from '../oracle/violations.js';

export interface ViolationGroup {
  readonly invariant: string;
  /** The chain with its numbers masked: what every member says. */
  readonly shape: string;
  /** Each member with its index in the run's violations (for its anchor), in the order found. */
  readonly members: readonly { readonly index: number; readonly violation: Violation }[];
}

/** Times (`81.133s`, `14092us`), numbered things (`#803`) and addresses, slots and events become `…`. */
export function chainShape(violation: Violation): string {
  const mask = (text: string): string => text
    .replace(/#\d+/g, '#…')
    .replace(/\b(address|slot|event|page|pages|region) \d+/g, '$1 …')
    .replace(/\b\d+(?:\.\d+)?(?:us|µs|ms|s|min|h)\b/g, '…');
  return [violation.invariant, mask(violation.message), ...violation.chain.map(mask)].join('\n');
}

/** Groups in the order of each group's first member. */
export function groupViolations(violations: readonly Violation[]): ViolationGroup[] {
  const groups = new Map<string, { invariant: string; shape: string; members: { index: number; violation: Violation }[] }>();
  violations.forEach((violation, index) => {
    const shape = chainShape(violation);
    const group = groups.get(shape);
    if (group === undefined) groups.set(shape, { invariant: violation.invariant, shape, members: [{ index, violation }] });
    else group.members.push({ index, violation });
  });
  return [...groups.values()];
}
