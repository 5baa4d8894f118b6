import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { runScenario } from '../runner/run-scenario.js';
import { parseScenarioText } from './load-scenario.js';

const VOLUME = 'name: v\nduration: 30s\nvolume: { size: 4MiB }\nworkload: { writes: 10/s }\n';
const GEO = 'name: g\nduration: 30s\nsystems: { iasp: { size: 16MiB } }\n';
const NEITHER = 'name: n\nduration: 30s\n';

function issuesOf(text: string): InputError['issues'] {
  try {
    parseScenarioText(text, 'case.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('an action must fit the scenario\'s world (defect 8: exit 2, never exit 3)', () => {
  // [label, scenario head, faults/operators text, field path, value, part of the expectation]
  it.each([
    [
      'geo action in a volume scenario',
      VOLUME,
      'faults: { schedule: [ { at: 1s, action: detach } ] }',
      'faults.schedule[0].action',
      '"detach"',
      'needs a `systems` section',
    ],
    [
      'volume action in a geo scenario',
      GEO,
      'faults: { schedule: [ { at: 1s, action: recover } ] }',
      'faults.schedule[0].action',
      '"recover"',
      'needs a `volume` section',
    ],
    [
      'action in a scenario with neither world',
      NEITHER,
      'faults: { schedule: [ { at: 1s, action: switchover } ] }',
      'faults.schedule[0].action',
      '"switchover"',
      'neither a `volume` nor a `systems`',
    ],
    [
      'old alias in a volume scenario',
      VOLUME,
      'faults: { schedule: [ { at: 1s, action: targetDiskFailure } ] }',
      'faults.schedule[0].action',
      '"targetDiskFailure"',
      'needs a `systems` section',
    ],
    [
      'crash with a system in a volume scenario',
      VOLUME,
      'faults: { schedule: [ { at: 1s, action: crash, system: target } ] }',
      'faults.schedule[0].system',
      '"target"',
      'a volume has one system',
    ],
    [
      'device in a volume scenario',
      VOLUME,
      'faults: { schedule: [ { at: 1s, action: slowDisk, device: target.iasp } ] }',
      'faults.schedule[0].device',
      '"target.iasp"',
      'use "copy"',
    ],
    [
      'copy in a geo scenario',
      GEO,
      'faults: { schedule: [ { at: 1s, action: diskFailure, copy: 1 } ] }',
      'faults.schedule[0].copy',
      '1',
      'use "device"',
    ],
    [
      'a disk fault without its copy',
      VOLUME,
      'faults: { schedule: [ { at: 1s, action: latentError } ] }',
      'faults.schedule[0].copy',
      'nothing',
      'required with a `volume` section',
    ],
    [
      'a disk fault without its device',
      GEO,
      'faults: { schedule: [ { at: 1s, action: transientErrors } ] }',
      'faults.schedule[0].device',
      'nothing',
      'required with a `systems` section',
    ],
    [
      'an unknown device',
      GEO,
      'faults: { schedule: [ { at: 1s, action: diskFailure, device: target.tape } ] }',
      'faults.schedule[0].device',
      '"target.tape"',
      'one of production.iasp',
    ],
    [
      'geo random rate in a volume scenario',
      VOLUME,
      'faults: { random: { linkPartition: 1/min } }',
      'faults.random.linkPartition',
      '"1/min"',
      'needs a `systems` section',
    ],
    [
      'volume random rate with neither world',
      NEITHER,
      'faults: { random: { diskFailure: 1/min } }',
      'faults.random.diskFailure',
      '"1/min"',
      'neither',
    ],
    [
      'geo operator action in a volume swarm',
      VOLUME,
      'operators: { rate: 1/min, actions: { detach: 1 } }',
      'operators.actions.detach',
      '1',
      'one of forceRecovery, recover, replaceDisk',
    ],
    [
      'volume operator action in a geo swarm',
      GEO,
      'operators: { rate: 1/min, actions: { recover: 1 } }',
      'operators.actions.recover',
      '1',
      'one of detach',
    ],
    [
      'an operator swarm with neither world',
      NEITHER,
      'operators: { rate: 1/min }',
      'operators',
      '{"rate":"1/min"}',
      'an operator swarm in a scenario with',
    ],
    [
      'an operator swarm with no positive weight',
      GEO,
      'operators: { rate: 1/min, actions: { detach: 0 } }',
      'operators.actions',
      '{"detach":0}',
      'positive weight',
    ],
    ['an operator swarm without a rate', GEO, 'operators: { swarm: true }', 'operators.rate', 'nothing', 'required'],
  ])('%s', (_label, head, tail, path, value, expected) => {
    const issues = issuesOf(`${head}${tail}\n`);
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.value).toBe(value);
    expect(issue!.expected).toContain(expected);
    expect(issue!.source).toBe('case.yaml');
    expect(issue!.location).toMatch(/^\d+:\d+$/);
  });

  it.each([
    [
      'a volume disk fault by copy',
      VOLUME,
      'faults: { schedule: [ { at: 1s, action: diskFailure, copy: 1 } ], random: { crash: 1/min, slowDisk: 1/min } }',
    ],
    [
      'a geo disk fault by device and the old names',
      GEO,
      'faults: { schedule: [ { at: 1s, action: latentError, device: production.sysasp }, { at: 2s, action: targetDiskFailure }, { at: 3s, action: replaceTargetDisk } ], random: { diskFailure: 1/min, crash: 1/min } }',
    ],
    ['a geo crash by system', GEO, 'faults: { schedule: [ { at: 1s, action: crash, system: target } ] }'],
    [
      'notes in a scenario with neither world',
      NEITHER,
      'faults: { schedule: [ { at: 1s, action: note, message: hi } ] }',
    ],
    ['a volume operator swarm', VOLUME, 'operators: { rate: 2/min, actions: { recover: 2, replaceDisk: 1 } }'],
  ])('accepts %s', (_label, head, tail) => {
    expect(() => parseScenarioText(`${head}${tail}\n`, 'case.yaml')).not.toThrow();
  });

  it('a scenario built in code that skips validation still ends in an InputError, not an internal error', () => {
    const scenario = parseScenarioText(VOLUME, 'case.yaml');
    const unchecked = { ...scenario, faults: { ...scenario.faults, schedule: [{ atUs: 1_000_000, action: 'detach', params: { track: true } }] } };
    expect(() => runScenario(unchecked)).toThrow(InputError);
    expect(() => runScenario(unchecked)).toThrow(/detach needs a `systems` section/);
  });
});

describe('scripted operators', () => {
  it('take a share from 0% to 90% and a gap of at least 1us; the rate check counts the scripts\' extra actions', () => {
    const head = `${GEO}operators: { swarm: true, rate: 60/h, `;
    expect(() => parseScenarioText(`${head}scripted: 60%, scriptGap: 2ms }\n`, 'case.yaml')).not.toThrow();
    const [tooMuch] = issuesOf(`${head}scripted: 95% }\n`);
    expect(tooMuch).toMatchObject({ path: 'operators.scripted', value: '"95%"' });
    expect(tooMuch.expected).toContain('0% to 90%');
    const [noGap] = issuesOf(`${head}scripted: 50%, scriptGap: 0s }\n`);
    expect(noGap.path).toBe('operators.scriptGap');
    // 10,000 actions an hour stays under the bound alone; at 90% scripted it is ten times that.
    const rate = `name: g\nduration: 1h\nsystems: { iasp: { size: 16MiB } }\noperators: { swarm: true, rate: 10000/h`;
    expect(() => parseScenarioText(`${rate} }\n`, 'case.yaml')).not.toThrow();
    expect(issuesOf(`${rate}, scripted: 90% }\n`)[0].path).toBe('operators.rate');
  });
});
