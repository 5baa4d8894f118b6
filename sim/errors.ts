// The error hierarchy: one root; bad user input (exit 2) is distinct from a broken assertion in our own code.

/** Root of every error mirrorsim throws on purpose. */
export class MirrorsimError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem found in user input: where it is, what it was, and what was expected. */
export interface InputIssue {
  /** File the input came from, or a label: `options.variant` for a library call, `--variant` on the CLI. */
  readonly source: string;
  /** Field path inside the source, e.g. `faults.schedule[2].at`; empty for the whole source. */
  readonly path: string;
  /** The offending value, rendered for a human (already quoted if it was a string). */
  readonly value: string;
  /** What would have been accepted. */
  readonly expected: string;
  /** `line:column` inside the source, where known. */
  readonly location?: string;
  /** A stable code for the kind of problem, e.g. `FIELD_UNKNOWN` (see sim/scenario/scenario-input.ts). */
  readonly code?: string;
}

export function formatIssue(issue: InputIssue): string {
  const where = issue.location ? `${issue.source}:${issue.location}` : issue.source;
  const field = issue.path === '' ? '' : ` ${issue.path}:`;
  return `${where}:${field} got ${issue.value}, expected ${issue.expected}`;
}

/** Bad input or usage: the CLI prints the issues, one per line, and exits with status 2. */
export class InputError extends MirrorsimError {
  constructor(readonly issues: readonly InputIssue[]) {
    super('MIRRORSIM_BAD_INPUT', issues.map(formatIssue).join('\n'));
  }
}

/** An assertion in mirrorsim's own code (kernel, world or real logic) did not hold. */
export class AssertionFailure extends MirrorsimError {
  constructor(message: string) {
    super('MIRRORSIM_ASSERTION', message);
  }
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AssertionFailure(message);
}

/** Renders any value compactly for an error message. */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return clip(JSON.stringify(value));
  if (value === null || ['number', 'boolean', 'bigint'].includes(typeof value)) return String(value);
  let json: string | undefined;
  try {
    // Big whole numbers (YAML integers beyond 2^53 are read exactly, as bigints) are shown as written.
    json = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  } catch {
    json = undefined; // a structure that refers to itself
  }
  return clip(json ?? 'an unprintable value');
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
