// `sweep --variants a,b+c`: each item one variant (keys joined with +), checked against the scenario; an
// empty item, a key twice in one item, or two items that are the same variant are bad input.

import { InputError } from '../errors.js';
import { variantFor } from '../runner/run-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { parseVariantAssignments } from '../variants.js';

function fail(text: string, expected: string): never {
  throw new InputError([{ source: '--variants', path: '', value: JSON.stringify(text), expected }]);
}

/** The items of `--variants` ('' alone: the scenario as written) and the values of each. */
export function parseVariantItems(
  scenario: Scenario,
  text: string | undefined,
): { items: string[]; variants: Record<string, string>[] } {
  if (text === undefined || text.trim() === '') return { items: [''], variants: [{}] };
  const items = text.split(',');
  const seen = new Map<string, string>();
  const variants = items.map((item) => {
    if (item === '') fail(text, 'comma-separated variants such as recovery=gated,recovery=ungated; an item is empty');
    const { values, issues } = parseVariantAssignments(item.split('+'), '--variants');
    if (issues.length > 0) throw new InputError(issues);
    const resolved = variantFor(scenario, values, undefined, '--variants');
    const key = JSON.stringify(resolved);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      fail(text, `each variant once; "${earlier}" and "${item}" are the same variant of ${scenario.name}`);
    seen.set(key, item);
    return values;
  });
  return { items, variants };
}
