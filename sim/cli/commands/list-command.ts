// `mirrorsim list`: the built-in scenarios, the variant keys, and the actions a scenario may schedule (with fields).

import { actionRows } from '../../faults/action-fields.js';
import { productCatalog } from '../../faults/catalog.js';
import { sentence } from '../../scenario/json-schema.js';
import { listScenarios } from '../../scenario/load-scenario.js';
import { VARIANT_KEYS } from '../../variants.js';
import { ExitStatus } from '../exit-status.js';

export function listCommand(): number {
  const lines: string[] = ['Scenarios (run with `mirrorsim run NAME`):'];
  const scenarios = listScenarios();
  const width = Math.max(8, ...scenarios.map((entry) => entry.name.length));
  for (const entry of scenarios) lines.push(`  ${entry.name.padEnd(width)}  ${entry.description}`);
  lines.push('', 'Variant keys (choose with `--variant key=value`; default first):');
  const keys = Object.keys(VARIANT_KEYS).sort();
  if (keys.length === 0) lines.push('  (none yet)');
  for (const name of keys) {
    const key = VARIANT_KEYS[name];
    const values = [key.fallback, ...key.values.filter((value) => value !== key.fallback)];
    lines.push(`  ${name}: ${values.join(', ')}`, `      ${key.summary}`);
  }
  lines.push('', 'Actions (for faults.schedule, each entry `at: DURATION` and `action: NAME` and the fields below;',
    '* = may also occur at random, at a rate under faults.random):');
  for (const action of actionRows(productCatalog)) {
    lines.push(`  ${action.random ? '*' : ' '}${action.name.padEnd(width)}  ${action.summary}`);
    const nameWidth = Math.max(0, ...action.fields.map((field) => field.name.length));
    for (const field of action.fields) {
      const name = `${field.name}:`.padEnd(nameWidth + 1);
      lines.push(`      ${name} ${field.type}, ${field.presence}. ${sentence(field.meaning)}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return ExitStatus.ok;
}
