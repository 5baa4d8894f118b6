import { describe, expect, it } from 'vitest';
import { renderValue } from './errors.js';

const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

describe('renderValue', () => {
  it.each([
    ['nothing', undefined, 'nothing'],
    ['text', 'text', '"text"'],
    ['a number', 5, '5'],
    ['null', null, 'null'],
    ['a bigint', 18446744073709551617n, '18446744073709551617'],
    ['a bigint inside', { seed: 18446744073709551617n }, '{"seed":"18446744073709551617"}'],
    ['a structure that holds itself', circular, 'an unprintable value'],
    ['long text', 'x'.repeat(100), `"${'x'.repeat(76)}...`],
    ['a long structure', { long: 'y'.repeat(100) }, `{"long":"${'y'.repeat(68)}...`],
  ])('%s', (_label, value, rendered) => expect(renderValue(value)).toBe(rendered));
});
