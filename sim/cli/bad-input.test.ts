// Every bad input of issue 11 (and more) through the command line in-process (main): exit 2 with one line
// naming where, the field, the value and what was expected; never a stack trace, NaN or another flag's name.
// Scenario files go through both `validate` and `run`, which must say exactly the same.

import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-bad-input-'));
const at = (name: string): string => join(scratch, name);

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line in this process, capturing what it prints. */
async function mirrorsim(...args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const out = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: unknown) => ((stdout += String(chunk)), true));
  const err = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: unknown) => ((stderr += String(chunk)), true));
  try {
    return { status: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The one line a bad input must give: exit 2, `mirrorsim: ` once, each fragment in it, nothing of a crash. */
function expectOneMessage(outcome: Outcome, says: readonly (string | RegExp)[]): void {
  const lines = outcome.stderr.split('\n').filter((line) => line !== '');
  expect(outcome.status, outcome.stderr).toBe(2);
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^mirrorsim: /);
  for (const fragment of says) {
    if (typeof fragment === 'string') expect(lines[0]).toContain(fragment);
    else expect(lines[0]).toMatch(fragment);
  }
  expect(lines[0]).not.toMatch(/\bNaN\b|internal error|\n\s+at |undefined/);
}

const HEAD = 'name: t\nduration: 30s\n';
const VOLUME = `${HEAD}volume: { size: 4MiB }\n`;
const GEO = `${HEAD}systems: { iasp: { size: 16MiB } }\n`;
const bomb = (): string => {
  const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < 9; level += 1)
    levels.push(
      `a${level}: &a${level} [${Array(10)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  return `${HEAD}description: d\nx:\n${levels.map((line) => `  ${line}`).join('\n')}\n`;
};
const aliases = (count: number): string =>
  `${HEAD}faults:\n  schedule:\n    - &e { at: 1s, action: note, message: hi }\n${'    - *e\n'.repeat(count)}`;

// [label, file name, text, fragments of the message (the file's path is checked too)]
const SCENARIOS: readonly [string, string, string, readonly (string | RegExp)[]][] = [
  [
    'a two-system action in a volume scenario',
    'geo-in-volume.yaml',
    `${VOLUME}faults: { schedule: [ { at: 1s, action: detach } ] }\n`,
    [':4:', 'faults.schedule[0].action: got "detach"', 'needs a `systems` section'],
  ],
  [
    'a volume action in a two-system scenario',
    'volume-in-geo.yaml',
    `${GEO}faults: { schedule: [ { at: 1s, action: recover } ] }\n`,
    ['faults.schedule[0].action: got "recover"', 'needs a `volume` section'],
  ],
  [
    'a disk device in a volume scenario',
    'device.yaml',
    `${VOLUME}faults: { schedule: [ { at: 1s, action: slowDisk, device: target.iasp } ] }\n`,
    ['faults.schedule[0].device: got "target.iasp"', 'use "copy"'],
  ],
  [
    'a two-system random fault in a volume scenario',
    'random-geo.yaml',
    `${VOLUME}faults: { random: { linkReset: 1/min } }\n`,
    ['faults.random.linkReset: got "1/min"', 'needs a `systems` section'],
  ],
  [
    'an action in a scenario with neither world',
    'neither.yaml',
    `${HEAD}faults: { schedule: [ { at: 1s, action: switchover } ] }\n`,
    ['faults.schedule[0].action: got "switchover"', 'neither a `volume` nor a `systems`'],
  ],
  [
    'an unknown variant value',
    'variant-value.yaml',
    `${VOLUME}variant: { recovery: sloppy }\n`,
    [':4:', 'variant.recovery: got "sloppy"', 'one of gated'],
  ],
  [
    'an unknown variant key',
    'variant-key.yaml',
    `${VOLUME}variant: { colour: blue }\n`,
    ['variant.colour: got "blue"', 'no variant key "colour"'],
  ],
  [
    'a compared variant that does not exist',
    'compare.yaml',
    `${VOLUME}compare:\n  - { label: a, variant: { recovery: gated }, expect: pass }\n` +
      '  - { label: b, variant: { recovery: nope }, expect: fail }\n',
    ['compare[1].variant.recovery: got "nope"', 'one of gated'],
  ],
  ['an alias bomb', 'bomb.yaml', bomb(), [':', 'an alias bomb', 'at most 100000 values once aliases are expanded']],
  ['too many aliases', 'aliases.yaml', aliases(1001), ['got 1001 aliases', 'at most 1000 aliases']],
  [
    'an alias to no anchor',
    'unresolved.yaml',
    `${HEAD}description: *nowhere\n`,
    [':3:', 'the alias *nowhere with no anchor', 'set earlier'],
  ],
  [
    'an alias inside its own anchor',
    'recursive.yaml',
    `${HEAD}description: &d [ *d ]\n`,
    [':3:', 'inside its own anchor'],
  ],
  [
    'nesting deeper than 64 levels',
    'deep.yaml',
    `${HEAD}description: ${'['.repeat(70)}${']'.repeat(70)}\n`,
    ['nesting deeper than 64 levels'],
  ],
  [
    'flow nesting too deep for the YAML reader',
    'deeper.yaml',
    `${HEAD}description: ${'['.repeat(300_000)}${']'.repeat(300_000)}\n`,
    [':3:213:', 'nesting deeper than 64 levels', 'at most 64 levels'],
  ],
  [
    'block nesting too deep for the YAML reader',
    'deeper-block.yaml',
    `${HEAD}x:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}`,
    [':203:', 'nesting deeper than 64 levels'],
  ],
  [
    'a file over 1 MiB',
    'huge.yaml',
    `${HEAD}description: "${'x'.repeat(1024 * 1024)}"\n`,
    ['got a file of 1048614 bytes', 'at most 1048576 bytes'],
  ],
  [
    'volume and systems together',
    'both.yaml',
    `${VOLUME}systems: { iasp: { size: 16MiB } }\n`,
    [':4:', 'systems: got {"iasp":{"size":"16MiB"}}', 'either a `volume` section', 'not both'],
  ],
  [
    'a uniform service time with min above max',
    'min-max.yaml',
    `${HEAD}volume: { size: 4MiB, disk: { model: uniform, min: 5ms, max: 1ms } }\n`,
    ['volume.disk.max: got "1ms"', 'at least min (5ms)'],
  ],
  [
    'more table pages than the volume has',
    'toc.yaml',
    `${HEAD}volume: { size: 8KiB, tocPages: 3 }\n`,
    ['volume.tocPages: got 3', "at most the volume's 2 pages"],
  ],
  [
    'a volume smaller than a page',
    'tiny.yaml',
    `${HEAD}volume: { size: 1KiB }\n`,
    ['volume.size: got "1KiB"', 'at least 4096 bytes'],
  ],
  [
    'a region smaller than a page',
    'region.yaml',
    `${GEO}mirroring: { regionSize: 512B }\n`,
    ['mirroring.regionSize: got "512B"', 'at least 4096 bytes'],
  ],
  [
    'an IASP of too many regions',
    'regions.yaml',
    `${HEAD}systems: { iasp: { size: 8000TiB } }\n`,
    ['systems.iasp.size: got "8000TiB"', 'at most 1048576 mirroring regions'],
  ],
  [
    'a random rate that would exceed the bound',
    'rate-bound.yaml',
    `${VOLUME}faults: { random: { crash: 10000/s } }\n`,
    ['faults.random.crash: got "10000/s"', 'well below 100000 faults'],
  ],
  [
    'an operator rate that would exceed the bound',
    'operator-bound.yaml',
    `${GEO}operators: { rate: 10000/s }\n`,
    ['operators.rate: got "10000/s"', 'well below 100000 operator actions'],
  ],
  [
    'a rate too slow for the kernel',
    'slow.yaml',
    `${VOLUME}workload: { writes: 0.0000001/h }\n`,
    ['workload.writes: got "0.0000001/h"', 'from 0.001/h to 1000000/s'],
  ],
  [
    'a rate faster than the kernel ticks',
    'fast.yaml',
    `${VOLUME}workload: { writes: 2000000/s }\n`,
    ['workload.writes: got "2000000/s"', '1000000/s'],
  ],
  [
    'a duration beyond 100000h',
    'long.yaml',
    'name: t\nduration: 100001h\n',
    ['duration: got "100001h"', 'at most 100000h'],
  ],
  [
    'a whole number beyond 2^53',
    'big-number.yaml',
    `${GEO.replace('16MiB }', '16MiB }, sysasp: { pointers: 99999999999999999999 }')}`,
    ['systems.sysasp.pointers: got 99999999999999999999', 'from 1 to 1000000'],
  ],
  [
    'a negative count',
    'negative.yaml',
    `${HEAD}systems: { iasp: { size: 16MiB }, sysasp: { pointers: -1 } }\n`,
    ['got -1', 'from 1 to 1000000'],
  ],
  [
    'a seed with a control character',
    'seed-bell.yaml',
    `${HEAD}seed: "a\\u0007b"\n`,
    ['seed: got "a\\u0007b"', 'no control characters'],
  ],
  ['a seed that is a negative number', 'seed-negative.yaml', `${HEAD}seed: -5\n`, ['seed: got -5', 'a seed']],
  [
    'a name on two lines',
    'name-lines.yaml',
    'name: "a\\nb"\nduration: 1s\n',
    ['name: got "a\\nb"', 'one line of text'],
  ],
  [
    'a key that names the prototype',
    'proto.yaml',
    `${HEAD}__proto__: { polluted: 1 }\n`,
    ['__proto__: got {"polluted":1}', 'no field "__proto__"'],
  ],
  ['two documents in one file', 'two.yaml', `${HEAD}---\nname: u\n`, ['not valid YAML', 'multiple documents']],
  ['a key given twice', 'twice.yaml', `${HEAD}name: u\n`, ['not valid YAML', 'unique']],
  ['an empty file', 'empty.yaml', '', ['got null', 'a scenario with fields']],
  ['binary data', 'binary.yaml', 'name: t\u0000\n', ['got binary data']],
  [
    'JSON of the wrong type',
    'wrong.json',
    '{"name": "t", "duration": 30}',
    ['duration: got 30', 'a positive duration'],
  ],
];

describe('bad scenario files: validate and run both exit 2 with the same one line', () => {
  beforeAll(() => {
    for (const [, file, text] of SCENARIOS) writeFileSync(at(file), text);
    mkdirSync(at('a-directory.yaml'), { recursive: true });
  });

  it.each(SCENARIOS)('%s', async (_label, file, _text, says) => {
    const validated = await mirrorsim('validate', at(file));
    expectOneMessage(validated, [at(file), ...says]);
    const ran = await mirrorsim('run', at(file));
    expect(ran.stderr).toBe(validated.stderr);
    expect(ran.status).toBe(2);
  });

  it('a directory given as the scenario', async () => {
    for (const command of ['validate', 'run'])
      expectOneMessage(await mirrorsim(command, at('a-directory.yaml')), ['got a directory', 'a scenario file']);
  });

  it('a reasonable number of aliases, and a seed beyond 2^53 kept exact, are fine', async () => {
    writeFileSync(at('many-aliases.yaml'), aliases(150));
    writeFileSync(at('big-seed.yaml'), `${HEAD}seed: 18446744073709551617\n`);
    expect((await mirrorsim('validate', at('many-aliases.yaml'))).status).toBe(0);
    const ran = await mirrorsim('run', at('big-seed.yaml'), '--json');
    expect(ran.status, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout).seed).toBe('18446744073709551617');
  });
});

// [label, arguments, fragments of the message, the brief of issue 11 that fixed it if not this one's (F: the
// writer and sweep directories; G: traces)]
type FlagRow = readonly [string, () => string[], readonly (string | RegExp)[], ('F' | 'G')?];
const sweep = (...rest: string[]): string[] => ['sweep', 'smoke', ...rest];
const FLAGS: readonly FlagRow[] = [
  ['seeds written with a dash', () => sweep('--seeds', '1-10'), ['--seeds: got "1-10"', 'write 1..10']],
  ['seeds that are not numbers', () => sweep('--seeds', 'abc'), ['--seeds: got "abc"', '"abc" is not a whole number']],
  [
    'a seed in exponent form',
    () => sweep('--seeds', '1..1e3'),
    ['--seeds: got "1..1e3"', '"1e3" is not a whole number'],
  ],
  ['an empty range', () => sweep('--seeds', '10..1'), ['--seeds: got "10..1"', 'the range 10..1 is empty']],
  ['a seed given twice', () => sweep('--seeds', '1,2,1'), ['--seeds: got "1,2,1"', 'seed 1 is given twice']],
  ['ranges that overlap', () => sweep('--seeds', '1..10,5..20'), ['seed 5 is in both 1..10 and 5..20']],
  ['a seed with a leading zero', () => sweep('--seeds', '007'), ['"007" has a leading zero']],
  ['an empty item', () => sweep('--seeds', '1,,2'), ['an item of the list is empty']],
  ['no seeds', () => sweep('--seeds', ''), ['--seeds: got ""', 'a whole number such as 7']],
  ['too many seeds', () => sweep('--seeds', '1..1000001'), ['at most 1000000 seeds (these are 1000001)']],
  ['a seed of too many digits', () => sweep('--seeds', '1'.repeat(41)), ['more than 40 digits']],
  [
    '--seeds given twice',
    () => sweep('--seeds', '1', '--seeds', '2'),
    ['--seeds: got "1" and "2"', '--seeds given once'],
  ],
  [
    'a variant given twice',
    () => sweep('--seeds', '1', '--variants', 'recovery=gated,recovery=gated'),
    ['--variants: got', 'each variant once'],
  ],
  [
    'variants that are the same in effect',
    () => sweep('--seeds', '1', '--variants', 'recovery=gated+addressing=shared-range,addressing=shared-range'),
    ['each variant once', 'are the same variant of smoke'],
  ],
  [
    'an empty variant item',
    () => sweep('--seeds', '1', '--variants', 'recovery=gated,'),
    ['--variants: got "recovery=gated,"', 'an item is empty'],
  ],
  [
    'a key twice in one variant',
    () => sweep('--seeds', '1', '--variants', 'recovery=gated+recovery=ungated'),
    ['--variants: recovery: got "ungated"', 'recovery is given twice'],
  ],
  [
    'an unknown variant key in --variants',
    () => sweep('--seeds', '1', '--variants', 'colour=blue'),
    ['--variants: colour: got "colour"', 'a variant key'],
  ],
  [
    'an unknown variant value in --variants',
    () => sweep('--seeds', '1', '--variants', 'recovery=sloppy'),
    ['--variants: recovery: got "sloppy"'],
  ],
  [
    'workers that are not a number',
    () => sweep('--seeds', '1', '--workers', 'abc'),
    ['--workers: got "abc"', 'from 1 to 256'],
  ],
  ['a fraction of a worker', () => sweep('--seeds', '1', '--workers', '1.5'), ['--workers: got "1.5"']],
  ['no workers', () => sweep('--seeds', '1', '--workers', '0'), ['--workers: got "0"']],
  ['too many workers', () => sweep('--seeds', '1', '--workers', '257'), ['--workers: got "257"']],
  [
    'a bad shard',
    () => sweep('--seeds', '1..4', '--shard', '4/4', '--report', at('shard-dir')),
    ['--shard: got "4/4"'],
  ],
  [
    'a shard without a report',
    () => sweep('--seeds', '1..4', '--shard', '0/2'),
    ['--shard: got "0/2"', 'a --report DIR too'],
  ],
  ['a resume without a report', () => sweep('--seeds', '1', '--resume'), ['--resume: got true', 'a --report DIR']],
  [
    'max events that are not a number',
    () => ['run', 'smoke', '--max-events', 'abc'],
    ['--max-events: got "abc"', 'a whole number of at least 1'],
  ],
  ['max events in exponent form', () => ['run', 'smoke', '--max-events', '1e3'], ['--max-events: got "1e3"']],
  ['no max events', () => ['run', 'smoke', '--max-events', '0'], ['--max-events: got "0"']],
  [
    '--seed given twice',
    () => ['run', 'smoke', '--seed', '1', '--seed', '2'],
    ['--seed: got "1" and "2"', '--seed given once'],
  ],
  ['an empty seed', () => ['run', 'smoke', '--seed', ''], ['--seed: got ""', 'a seed']],
  [
    'a seed with a newline',
    () => ['run', 'smoke', '--seed', 'a\nb'],
    ['--seed: got "a\\nb"', 'no control characters'],
  ],
  ['an empty --report', () => ['run', 'smoke', '--report', ''], ['--report: got ""', 'a directory']],
  ['an empty --trace', () => ['run', 'smoke', '--trace', ''], ['--trace: got ""', 'a file']],
  [
    '--trace-level given twice',
    () => ['run', 'smoke', '--trace-level', 'full', '--trace-level', 'off'],
    ['--trace-level given once'],
  ],
  [
    'an unknown trace level',
    () => ['run', 'smoke', '--trace-level', 'loud'],
    ['Invalid values', 'trace-level', '"loud"'],
  ],
  [
    'a variant key twice',
    () => ['run', 'smoke', '--variant', 'recovery=gated', '--variant', 'recovery=ungated'],
    ['--variant: recovery: got "ungated"'],
  ],
  ['an unknown flag', () => ['run', '--frobnicate'], ['Unknown argument: frobnicate']],
  ['an unknown command', () => ['fly'], ['Unknown command "fly"']],
  ['a mistyped command', () => ['swep', 'swarm'], ['Unknown command "swep"; did you mean sweep?']],
  ['a mistyped scenario name', () => ['run', 'swarm-bussy'], ['swarm-bussy: got no such file', 'did you mean swarm-busy?']],
  ['a mistyped variant key', () => ['run', '--variant', 'adressing=shared-range'], ['did you mean addressing?']],
  ['a mistyped variant value', () => ['run', '--variant', 'addressing=sharedrange'], ['did you mean shared-range?']],
  ['no command', () => [], ['Name a command']],
  [
    'a trace of a comparison',
    () => ['run', 'default', '--trace', at('compare.jsonl')],
    ['--trace: got', 'a single run'],
  ],
  [
    'a trace over its own scenario',
    () => ['run', at('own.yaml'), '--trace', at('own.yaml')],
    ['--trace: got', 'other than the scenario'],
  ],
  ['a missing scenario', () => ['run', at('missing.yaml')], ['missing.yaml: got no such file']],
  [
    '--report at an existing file',
    () => ['run', 'smoke', '--report', at('a-file')],
    ['a-file', 'a file where a directory is needed'],
    'F',
  ],
  [
    '--report under a file',
    () => ['run', 'smoke', '--report', join(at('a-file'), 'sub')],
    ['a-file', 'a file where a directory is needed'],
    'F',
  ],
  [
    'sweep --report at an existing file',
    () => sweep('--seeds', '1', '--report', at('a-file')),
    ['a-file', 'a file where a directory is needed'],
    'F',
  ],
  [
    '--report where no directory may be made',
    () => ['run', 'smoke', '--report', '/sys/mirrorsim-report'],
    ['/sys/mirrorsim-report', 'not permitted'],
    'F',
  ],
  [
    '--report in a directory without write permission',
    () => ['run', 'smoke', '--report', join(at('read-only'), 'r')],
    ['read-only', /permission|not permitted/],
    'F',
  ],
  [
    '--trace at a directory',
    () => ['run', 'smoke', '--trace', at('a-dir')],
    ['a-dir', 'a directory where the file is to go'],
    'F',
  ],
  [
    'merge --report at an existing file',
    () => ['merge', at('shard-0'), at('shard-1'), '--report', at('a-file')],
    ['a-file', 'a directory'],
    'F',
  ],
  [
    'a results.jsonl row that is null',
    () => [...sweep('--seeds', '1..2', '--workers', '1', '--report', at('null-row')), '--resume'],
    ['results.jsonl:1', 'a results.jsonl row'],
    'F',
  ],
  [
    'a results.jsonl row without fields',
    () => [...sweep('--seeds', '1..2', '--workers', '1', '--report', at('short-row')), '--resume'],
    ['results.jsonl:1', 'verdict'],
    'F',
  ],
  [
    'a shard whose results.jsonl row lacks fields',
    () => ['merge', at('shard-0'), at('bad-shard-1'), '--report', at('merged')],
    ['results.jsonl:1', 'violations: got nothing'],
    'F',
  ],
  [
    'a resume of a directory without sweep.json',
    () => [...sweep('--seeds', '1..2', '--workers', '1', '--report', at('no-manifest')), '--resume'],
    ['sweep.json'],
    'F',
  ],
  ['replay of a directory', () => ['replay', at('a-dir')], ['a-dir', 'directory'], 'G'],
  ['replay of a missing file', () => ['replay', at('missing.jsonl')], ['missing.jsonl'], 'G'],
  ['replay of a file that is not a trace', () => ['replay', at('a-file')], ['a-file:1'], 'G'],
  [
    'a trace header with checkpointEvery 0',
    () => ['replay', at('every-0.jsonl')],
    ['every-0.jsonl:1', 'checkpointEvery', 'got 0'],
    'G',
  ],
  ['diff of a directory', () => ['diff', at('a-dir'), at('a-dir')], ['a-dir', 'directory'], 'G'],
];

describe('bad flags and paths: exit 2 with one line naming the flag or the file', () => {
  beforeAll(async () => {
    writeFileSync(at('a-file'), 'not a directory\n');
    writeFileSync(at('own.yaml'), 'name: own\nduration: 1s\n');
    mkdirSync(at('a-dir'), { recursive: true });
    mkdirSync(at('read-only'), { recursive: true });
    chmodSync(at('read-only'), 0o555);
    expect((await mirrorsim('run', 'smoke', '--trace', at('every-0.jsonl'))).status).toBe(0);
    const trace = readFileSync(at('every-0.jsonl'), 'utf8');
    writeFileSync(at('every-0.jsonl'), trace.replace(/"checkpointEvery":\d+/, '"checkpointEvery":0'));
    for (const [directory, rows] of [
      ['null-row', 'null\n'],
      ['short-row', '{"seed":"1","variant":"as written"}\n'],
    ]) {
      expect(
        (await mirrorsim('sweep', 'smoke', '--seeds', '1..2', '--workers', '1', '--report', at(directory))).status,
      ).toBe(0);
      writeFileSync(join(at(directory), 'results.jsonl'), rows);
    }
    expect(
      (await mirrorsim('sweep', 'smoke', '--seeds', '1..2', '--workers', '1', '--report', at('no-manifest'))).status,
    ).toBe(0);
    rmSync(join(at('no-manifest'), 'sweep.json'));
    for (const index of [0, 1]) {
      const shard = [
        'sweep',
        'smoke',
        '--seeds',
        '1..2',
        '--workers',
        '1',
        '--shard',
        `${index}/2`,
        '--report',
        at(`shard-${index}`),
      ];
      expect((await mirrorsim(...shard)).status).toBe(0);
    }
    cpSync(at('shard-1'), at('bad-shard-1'), { recursive: true });
    writeFileSync(join(at('bad-shard-1'), 'results.jsonl'), '{"seed":"2","variant":"as written","verdict":"pass"}\n');
  }, 120_000);

  afterAll(() => chmodSync(at('read-only'), 0o755));

  const rootIgnoresPermissions = process.getuid?.() === 0;
  for (const [label, args, says, owner] of FLAGS) {
    const unsupported =
      (label.includes('without write permission') && rootIgnoresPermissions) ||
      (args().some((arg) => arg.startsWith('/sys/')) && !existsSync('/sys'));
    it.skipIf(unsupported)(`${label}${owner === undefined ? '' : ` (brief ${owner})`}`, async () => {
      expectOneMessage(await mirrorsim(...args()), says);
    });
  }
});
