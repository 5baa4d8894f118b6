import { describe, expect, it } from 'vitest';
import { runScenario } from '../runner/run-scenario.js';
import { parseScenarioText } from '../scenario/load-scenario.js';

const volume = (schedule: string) => `name: v
duration: 20s
volume: { size: 16MiB, regionSize: 1MiB, recoveryPriority: high, ipl: 2s }
workload: { writes: 50/s, reads: 50/s }
faults:
  schedule:
${schedule}`;
const run = (schedule: string) => runScenario(parseScenarioText(volume(schedule), 'v.yaml'));

describe('volume operator actions', () => {
  it('records every refused request, by the logic or because the system is down', () => {
    const result = run('    - { at: 2s, action: recover }\n    - { at: 3s, action: crash }\n    - { at: 4s, action: recover }\n');
    const refusals = result.storage!.refusals.map((refusal) => [refusal.timeUs, refusal.action, refusal.reason]);
    expect(refusals[0][1]).toBe('recover'); // neither copy says the other is down level: the seed refuses
    expect(refusals[0][0]).toBeGreaterThanOrEqual(2_000_000);
    expect(refusals).toContainEqual([4_000_000, 'recover', 'the system is down']);
    expect(result.verdict).toBe('pass');
  });

  it('forceRecovery when: operatorPath forces only where the persisted flags call for it', () => {
    // Both copies clean: the operator path is not called for, so the request is a plain (refused) one.
    const clean = run('    - { at: 2s, action: forceRecovery, when: operatorPath }\n');
    expect(clean.probes['recovery.forced']).toBe(0);
    expect(clean.storage!.refusals.length).toBe(1);
    // The same request with when: always skips the preconditions (the mutation the guard prevents).
    expect(run('    - { at: 2s, action: forceRecovery }\n').probes['recovery.forced']).toBe(1);
    // A crash mid-recovery leaves recovery-in-progress persisted: now the operator path forces and resumes.
    const crashed = run([
      '    - { at: 1s, action: diskFailure, copy: 1 }', '    - { at: 2s, action: replaceDisk, copy: 1 }',
      '    - { at: 3s, action: recover }', '    - { at: 3100ms, action: crash }', '    - { at: 8s, action: forceRecovery, when: operatorPath }',
    ].join('\n') + '\n');
    expect(crashed.probes['recovery.forced']).toBe(1);
    expect(crashed.verdict).toBe('pass');
  });
});
