import { describe, expect, it } from 'vitest';
import { colourEnabled, colourVerdicts, formatTable, outputWidth, paint, visibleLength, wrapLine, wrapText } from './terminal.js';

describe('colour', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [undefined, {}, false],
    [true, { TERM: 'dumb' }, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true], // no-color.org: set and not empty
    [true, { NO_COLOR: '1', FORCE_COLOR: '1' }, false], // NO_COLOR wins
    [false, { FORCE_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [true, { FORCE_COLOR: 'false' }, false],
  ])('a TTY: %s, environment %j: colour %s', (isTTY, env, expected) => {
    expect(colourEnabled(isTTY, env)).toBe(expected);
  });

  it('paints nothing when off, and verdict words when on', () => {
    const text = 'verdict   PASS: every invariant held\nverdict   FAIL: 1 safety violation(s)';
    expect(colourVerdicts(text, paint(false))).toBe(text);
    const painted = colourVerdicts(text, paint(true));
    expect(painted).toContain('\u001b[32mPASS\u001b[39m');
    expect(painted).toContain('\u001b[31mFAIL\u001b[39m');
    expect(visibleLength(painted)).toBe(text.length);
  });
});

describe('fitting 80 columns', () => {
  it.each([
    [{ isTTY: true, columns: 200 }, 80],
    [{ isTTY: true, columns: 60 }, 60],
    [{ isTTY: true, columns: 10 }, 40],
    [{ isTTY: false, columns: 60 }, 80],
    [{}, 80],
  ])('%j: %i columns', (stream, width) => {
    expect(outputWidth(stream)).toBe(width);
  });

  it('wraps at spaces with a hanging indent, keeping a long word whole', () => {
    const line = `  ${'word '.repeat(40)}end`;
    const lines = wrapLine(line, 80);
    expect(lines.length).toBeGreaterThan(2);
    for (const part of lines) expect(part.length).toBeLessThanOrEqual(80);
    expect(lines[1].startsWith('      word')).toBe(true);
    expect(wrapLine('x'.repeat(100), 80)).toEqual(['x'.repeat(100)]);
    const command = `reproduce: npx mirrorsim run ${'a'.repeat(80)} --seed 1`;
    expect(wrapText(command, 80, (text) => text.includes('npx mirrorsim'))).toBe(command);
  });

  it.each([
    ['short labels stay on their row', ['shared-range', 'system-unique'], 2],
    ['a long label gets a line of its own', ['addressing=shared-range+mirroring=early-ack+recovery=ungated', 'b'], 3],
  ])('%s', (_title, labels, bodyLines) => {
    const header = ['variant', 'seeds', 'failing', 'bound', 'foreign', 'f-stale', 'first s'];
    const rows = labels.map((label) => [label, '1000000', '999999 (100%) !', '0.0003%', '12345678', '23.66%', '12345.67']);
    const lines = formatTable(header, rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right'], 80);
    expect(lines.length).toBe(1 + bodyLines);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });
});
