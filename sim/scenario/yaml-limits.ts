// Bounds on a scenario's YAML before it is turned into values: aliases in reasonable numbers, but no alias
// bomb, no alias to nothing or to itself, no nesting deeper than a scenario needs; each one an input issue.

import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, visit } from 'yaml';
import type { InputIssue } from '../errors.js';

/** At most this many aliases (`*name`) in one file: far more than any hand-written scenario uses. */
export const MAX_ALIASES = 1_000;
/** At most this many values (scalars and collections) once every alias is expanded. */
export const MAX_EXPANDED_VALUES = 100_000;
/** At most this many levels of nesting, aliases expanded (a scenario needs about six). */
export const MAX_NESTING = 64;

/**
 * The YAML reader recurses once per level of nesting and runs out of stack at about 1,000 levels (and past
 * some 20,000 it can abort the process); text whose estimated nesting passes this is refused before it is
 * read. The estimate (estimatedNesting) never counts less than the reader will find.
 */
export const MAX_NESTING_TO_READ = 200;

/**
 * An upper estimate of the nesting in YAML text, and where it first passes `cap`: block levels from
 * indentation (a stack of indents, plus each `- ` or `? ` that opens a line), and flow levels from `[` and `{`
 * outside quoted scalars and comments. Plain text with brackets may count too many; it is meant never to count
 * fewer levels than the reader finds.
 */
export function estimatedNesting(text: string, cap = MAX_NESTING_TO_READ): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = 0;
  for (let index = 0; index <= text.length; index += 1) {
    const char = index < text.length ? text[index] : '\n';
    if (quote !== undefined) {
      if (quote === '"' && char === '\\') index += 1;
      else if (char === quote && quote === "'" && text[index + 1] === "'") index += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (index === lineStart && flow === 0) {
      let indent = 0;
      while (text[index + indent] === ' ') indent += 1;
      const rest = text.slice(index + indent, index + indent + 1);
      if (rest !== '\n' && rest !== '#' && rest !== '' && rest !== '\r') {
        while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
        if (indents.length === 0 || indents[indents.length - 1] < indent) indents.push(indent);
        let openers = 0;
        for (let at = index + indent; /[-?]/.test(text[at] ?? '') && /[ \t]/.test(text[at + 1] ?? ''); at += 2)
          openers += 1;
        if (indents.length + openers > cap) return index;
      }
    }
    if (char === '\n') {
      lineStart = index + 1;
      continue;
    }
    const previous = index === 0 ? '\n' : text[index - 1];
    if (char === '#' && /\s/.test(previous)) {
      const end = text.indexOf('\n', index);
      index = (end === -1 ? text.length : end) - 1;
    } else if ((char === '"' || char === "'") && /[\s[{,:]/.test(previous)) quote = char;
    else if (char === '[' || char === '{') {
      flow += 1;
      if (indents.length + flow > cap) return index;
    } else if ((char === ']' || char === '}') && flow > 0) flow -= 1;
  }
  return undefined;
}

interface Measure {
  readonly size: number;
  readonly height: number;
}

interface Located {
  readonly range?: readonly [number, number, number] | null;
}

/** Thrown inside the walk to stop it at the first limit passed; turned into one issue. */
class LimitPassed {
  constructor(
    readonly node: unknown,
    readonly value: string,
    readonly expected: string,
  ) {}
}

/** The issues of a parsed (error-free) document's aliases and nesting, or none. */
export function yamlLimitIssues(document: Document, lineCounter: LineCounter, source: string): InputIssue[] {
  const ordered: unknown[] = [];
  visit(document, {
    Node: (_key, node) => {
      if (isAlias(node) || ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor !== undefined))
        ordered.push(node);
    },
  });
  const aliasCount = ordered.filter((node) => isAlias(node)).length;
  const issue = (node: unknown, value: string, expected: string): InputIssue => {
    const start = (node as Located).range?.[0];
    const position = start === undefined ? undefined : lineCounter.linePos(start);
    return {
      source,
      path: '',
      value,
      expected,
      location: position === undefined ? undefined : `${position.line}:${position.col}`,
      // Nesting too deep, as parseScenarioText's own check says it; else an alias limit.
      code: value.startsWith('nesting') ? 'SCENARIO_TOO_DEEP' : 'SCENARIO_YAML_LIMIT',
    };
  };
  if (aliasCount > MAX_ALIASES) {
    const first = ordered.filter((node) => isAlias(node))[MAX_ALIASES];
    return [issue(first, `${aliasCount} aliases`, `at most ${MAX_ALIASES} aliases (*name) in a scenario file`)];
  }
  const targets = resolveAliases(ordered);
  const measured = new Map<unknown, Measure>();
  const inProgress = new Set<unknown>();
  let total = 0;
  const tooDeep = (node: unknown): LimitPassed =>
    new LimitPassed(
      node,
      `nesting deeper than ${MAX_NESTING} levels`,
      `at most ${MAX_NESTING} levels of nesting (aliases expanded)`,
    );
  const measure = (node: unknown, depth: number): Measure => {
    if (depth > MAX_NESTING) throw tooDeep(node);
    if (isAlias(node)) {
      const target = targets.get(node);
      if (target === undefined) {
        throw new LimitPassed(
          node,
          `the alias *${node.source} with no anchor &${node.source} before it`,
          'an alias to an anchor set earlier in the file',
        );
      }
      if (inProgress.has(target)) {
        throw new LimitPassed(
          node,
          `the alias *${node.source} inside its own anchor`,
          'an alias to a complete node (an alias may not contain itself)',
        );
      }
      return measure(target, depth);
    }
    const known = measured.get(node);
    if (known !== undefined) {
      if (depth + known.height > MAX_NESTING) throw tooDeep(node);
      count(node, known.size);
      return known;
    }
    let children: unknown[] = [];
    if (isMap(node) || isSeq(node))
      children = (node.items as unknown[]).flatMap((item) => (isPair(item) ? [item.key, item.value] : [item]));
    inProgress.add(node);
    let size = 1;
    let height = 0;
    count(node, 1);
    for (const child of children) {
      if (child === null || child === undefined) continue;
      const before = total;
      const inner = measure(child, depth + 1);
      size += total - before;
      height = Math.max(height, inner.height + 1);
    }
    inProgress.delete(node);
    const result = { size, height };
    measured.set(node, result);
    return result;
  };
  const count = (node: unknown, size: number): void => {
    total += size;
    if (total > MAX_EXPANDED_VALUES) {
      const expected = `a scenario of at most ${MAX_EXPANDED_VALUES} values once aliases are expanded`;
      throw new LimitPassed(
        node,
        `aliases that expand to over ${MAX_EXPANDED_VALUES} values (an alias bomb)`,
        expected,
      );
    }
  };
  try {
    if (document.contents !== null) measure(document.contents, 0);
  } catch (error) {
    if (!(error instanceof LimitPassed)) throw error;
    return [issue(error.node, error.value, error.expected)];
  }
  return [];
}

/** Each alias's node: the last node before it, in document order, that sets its anchor (as YAML says). */
function resolveAliases(ordered: readonly unknown[]): Map<unknown, unknown> {
  const latest = new Map<string, unknown>();
  const targets = new Map<unknown, unknown>();
  for (const node of ordered) {
    if (isAlias(node)) {
      const target = latest.get(node.source);
      if (target !== undefined) targets.set(node, target);
    } else latest.set((node as { anchor: string }).anchor, node);
  }
  return targets;
}
