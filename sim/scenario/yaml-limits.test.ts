import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MAX_ALIASES, MAX_NESTING_TO_READ, estimatedNesting, yamlLimitIssues } from './yaml-limits.js';

function issuesOf(text: string): string[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  expect(document.errors).toEqual([]);
  return yamlLimitIssues(document, lineCounter, 'case.yaml').map(
    (issue) => `${issue.location} ${issue.value} | ${issue.expected}`,
  );
}

const chain = (levels: number, fanOut: number): string => {
  const lines = [`a0: &a0 [${Array(fanOut).fill('x').join(', ')}]`];
  for (let level = 1; level < levels; level += 1)
    lines.push(
      `a${level}: &a${level} [${Array(fanOut)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
};

describe('YAML limits', () => {
  it.each([
    ['no aliases', 'a: 1\nb: [1, 2]\n'],
    ['a few aliases', 'base: &b { at: 1s }\nuse: [*b, *b, *b]\n'],
    ['an anchor used many times', `e: &e { at: 1s, message: hi }\nl: [${Array(MAX_ALIASES).fill('*e').join(', ')}]\n`],
    ['an alias chain that stays small', chain(4, 10)],
    ['64 levels of nesting', `a: ${'['.repeat(63)}${']'.repeat(63)}\n`],
  ])('accepts %s', (_label, text) => expect(issuesOf(text)).toEqual([]));

  it.each([
    [
      'too many aliases',
      `e: &e 1\nl: [${Array(MAX_ALIASES + 1)
        .fill('*e')
        .join(', ')}]\n`,
      `2:${5 + 4 * MAX_ALIASES} ${MAX_ALIASES + 1} aliases`,
    ],
    ['an alias bomb', chain(9, 10), 'an alias bomb'],
    ['an alias to no anchor', 'a: 1\nb: *nowhere\n', '2:4 the alias *nowhere with no anchor &nowhere before it'],
    ['an alias used before its anchor', 'b: *a\na: &a 1\n', '1:4 the alias *a with no anchor'],
    ['an alias inside its own anchor', 'a: &a [1, *a]\n', '1:11 the alias *a inside its own anchor'],
    ['nesting past 64 levels', `a: ${'['.repeat(65)}${']'.repeat(65)}\n`, 'nesting deeper than 64 levels'],
    [
      'nesting past 64 levels through an alias',
      `d: &d ${'['.repeat(40)}${']'.repeat(40)}\ne: ${'['.repeat(30)}*d${']'.repeat(30)}\n`,
      'nesting deeper than 64',
    ],
  ])('refuses %s', (_label, text, says) => {
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(says);
  });

  it.each([
    ['flow nesting', `a: ${'['.repeat(MAX_NESTING_TO_READ + 1)}`, true],
    [
      'flow nesting at the cap',
      `a: ${'['.repeat(MAX_NESTING_TO_READ - 1)}${']'.repeat(MAX_NESTING_TO_READ - 1)}`,
      false,
    ],
    [
      'block nesting',
      Array.from({ length: MAX_NESTING_TO_READ + 1 }, (_, i) => `${' '.repeat(i)}a:\n`).join(''),
      true,
    ],
    ['sequences opened on one line', `${'- '.repeat(MAX_NESTING_TO_READ + 1)}x\n`, true],
    [
      'brackets in a quoted string',
      `a: "${'['.repeat(MAX_NESTING_TO_READ + 1)}"\nb: '${'{'.repeat(MAX_NESTING_TO_READ + 1)}'\n`,
      false,
    ],
    ['brackets in a comment', `a: 1 # ${'['.repeat(MAX_NESTING_TO_READ + 1)}\n`, false],
    ['a quote inside a word does not hide brackets', `a: don't ${'['.repeat(MAX_NESTING_TO_READ + 1)}\n`, true],
    [
      'a shipped-style scenario',
      'name: t\nfaults:\n  schedule:\n    - { at: 1s, action: note, message: "x [y]" }\n',
      false,
    ],
  ])('estimates %s', (_label, text, tooDeep) => expect(estimatedNesting(text) !== undefined).toBe(tooDeep));
});
