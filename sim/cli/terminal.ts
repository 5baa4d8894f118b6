// How the command line writes to a terminal: colour only on a TTY and never with NO_COLOR (FORCE_COLOR forces
// it on a pipe), a width of at most 80 columns, words wrapped to it, and tables that fit it.

/** The environment variables that decide colour (NO_COLOR wins over FORCE_COLOR; TERM=dumb has none). */
export interface ColourEnvironment {
  readonly NO_COLOR?: string;
  readonly FORCE_COLOR?: string;
  readonly TERM?: string;
}

/**
 * Colour on a TTY whose TERM is not `dumb`; never when NO_COLOR is set and not empty (no-color.org), even
 * with FORCE_COLOR; FORCE_COLOR set to anything but `0` or `false` gives colour on a pipe or file too (for
 * CI logs that render it), and `0` or `false` turns it off on a TTY.
 */
export function colourEnabled(isTTY: boolean | undefined, env: ColourEnvironment): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR.toLowerCase() !== 'false';
  return isTTY === true && env.TERM !== 'dumb';
}

export interface Paint {
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
}

const sgr = (open: number, close: number) => (text: string): string => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string): string => text;

export function paint(enabled: boolean): Paint {
  if (!enabled) return { red: plain, green: plain, yellow: plain, bold: plain, dim: plain };
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}

/** The paint for a stream of this process: colour as colourEnabled decides for it. */
export function paintFor(stream: { readonly isTTY?: boolean }): Paint {
  return paint(colourEnabled(stream.isTTY, process.env));
}

/** Columns to fit: the terminal's when it is narrower, else 80 (also on a pipe, whose width is unknown). */
export function outputWidth(stream: { readonly isTTY?: boolean; readonly columns?: number }): number {
  const known = stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0;
  const columns = known ? stream.columns! : 80;
  return Math.max(40, Math.min(80, columns));
}

const ESCAPE = /\u001b\[[0-9;]*m/g;

/** The columns a string takes, colour codes left out. */
export function visibleLength(text: string): number {
  return text.replace(ESCAPE, '').length;
}

/**
 * One line wrapped to `width` columns at spaces, or after a `+` (which joins the keys of a variant label);
 * continuation lines start with `indent`. A word longer than the width stays whole (a path is not cut).
 */
export function wrapLine(text: string, width: number, indent = '    '): string[] {
  if (visibleLength(text) <= width) return [text];
  const lead = /^\s*/.exec(text)![0];
  const tokens = text.slice(lead.length).split(/(?<=[ +])/);
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const start = lines.length === 0 ? lead : `${lead}${indent}`;
    if (line !== '' && visibleLength(`${start}${line}${token}`.trimEnd()) > width) {
      lines.push(`${start}${line}`.trimEnd());
      line = token.trimStart();
    } else line += token;
  }
  lines.push(`${lines.length === 0 ? lead : `${lead}${indent}`}${line}`.trimEnd());
  return lines;
}

/** Every line of `text` wrapped to `width` (see wrapLine), except lines that `keep` says stay whole. */
export function wrapText(text: string, width: number, keep: (line: string) => boolean = () => false): string {
  return text.split('\n').flatMap((line) => (keep(line) ? [line] : wrapLine(line, width))).join('\n');
}

export type Align = 'left' | 'right';

/**
 * A table in columns two spaces apart. When a row does not fit `width`, its first cell goes on a line of its
 * own and the other cells on the next line, under their headings, so the table never wraps. `decorate` may
 * colour a cell after it is padded (widths are measured on the plain text).
 */
export function formatTable(
  header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[], width: number,
  decorate: (row: number, column: number, padded: string) => string = (_row, _column, padded) => padded,
): string[] {
  const columns = header.length;
  const widthOf = (column: number, from: readonly (readonly string[])[]): number =>
    Math.max(...from.map((row) => row[column].length));
  const all = [header, ...rows];
  const rest = Array.from({ length: columns - 1 }, (_, index) => widthOf(index + 1, all));
  const restWidth = rest.reduce((sum, columnWidth) => sum + columnWidth + 2, 0);
  // The first column takes what the others leave; labels longer than that go on a line of their own.
  const firstWidth = Math.max(header[0].length, Math.min(widthOf(0, all), width - restWidth));
  const pad = (text: string, column: number, size: number): string =>
    (align[column] === 'right' ? text.padStart(size) : text.padEnd(size));
  const line = (row: readonly string[], index: number, first: string): string => {
    const others = row.slice(1).map((cell, column) => pad(cell, column + 1, rest[column]));
    const cells = [pad(first, 0, firstWidth), ...others];
    return cells.map((cell, column) => (index < 0 ? cell : decorate(index, column, cell))).join('  ').trimEnd();
  };
  const lines = [line(header, -1, header[0])];
  rows.forEach((row, index) => {
    if (row[0].length <= firstWidth) lines.push(line(row, index, row[0]));
    else {
      lines.push(...wrapLine(row[0], width, '  ').map((part) => decorate(index, 0, part)));
      lines.push(line(row, index, ''));
    }
  });
  return lines;
}

/** A command line to copy (a reproduce line): never wrapped, so it pastes whole. */
export function holdsCommand(line: string): boolean {
  return line.includes('npx mirrorsim ');
}

/** Verdict words in colour: PASS and AS EXPECTED green, FAIL and UNEXPECTED red (bold). */
export function colourVerdicts(text: string, paint: Paint): string {
  return text.replace(/^(verdict\s+)(PASS|FAIL|AS EXPECTED|UNEXPECTED)\b/gm, (_match, lead: string, word: string) => {
    const good = word === 'PASS' || word === 'AS EXPECTED';
    return `${lead}${paint.bold(good ? paint.green(word) : paint.red(word))}`;
  });
}

/** A command's text for a stream: wrapped to its width (commands kept whole), verdicts coloured if it takes colour. */
export function forStream(text: string, stream: { readonly isTTY?: boolean; readonly columns?: number }): string {
  return colourVerdicts(wrapText(text, outputWidth(stream), holdsCommand), paintFor(stream));
}
