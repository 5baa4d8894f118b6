import { describe, expect, it } from 'vitest';
import { parseVariantAssignments } from './variants.js';

describe('--variant key=value assignments', () => {
  it.each([
    [['recovery=gated'], { recovery: 'gated' }, []],
    [['recovery=gated', 'addressing=shared-range'], { recovery: 'gated', addressing: 'shared-range' }, []],
    [
      ['recovery=gated', 'recovery=ungated'],
      { recovery: 'gated' },
      ['recovery: "ungated": one value per key (recovery is given twice: gated and ungated)'],
    ],
    [
      ['constructor=x', 'constructor=y'],
      { constructor: 'x' },
      ['constructor: "y": one value per key (constructor is given twice: x and y)'],
    ],
    [['recovery'], {}, [': "recovery": key=value, such as recovery=gated']],
  ])('%j', (assignments, values, issues) => {
    const parsed = parseVariantAssignments(assignments);
    expect(parsed.values).toEqual(values);
    expect(parsed.issues.map((issue) => `${issue.path}: ${issue.value}: ${issue.expected}`)).toEqual(issues);
  });
});
