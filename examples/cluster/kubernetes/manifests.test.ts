// The Kubernetes recipe: both manifests pass the Job API's schema with no unknown field, agree with each other
// (shards, volume, paths), and their containers' commands, run here with sh, sweep two shards and merge them.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ManifestObject, manifestProblems, parseManifest } from './check-manifest.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const here = join(root, 'examples/cluster/kubernetes');
const read = (name: string): string => readFileSync(join(here, name), 'utf8');

interface Container {
  readonly name: string;
  readonly command: string[];
  readonly args: string[];
  readonly env: { name: string; value?: string; valueFrom?: { resourceFieldRef?: { resource: string } } }[];
  readonly volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  readonly restartPolicy: string;
  readonly containers: Container[];
  readonly volumes: { persistentVolumeClaim: { claimName: string } }[];
}
interface JobParts {
  readonly spec: Record<string, unknown>;
  readonly pod: PodSpec;
  readonly container: Container;
}

function job(file: string, name: string): JobParts {
  const objects = parseManifest(read(file), file);
  const found = objects.find((object) => object.kind === 'Job' && (object.metadata as { name: string }).name === name);
  const spec = found!.spec as Record<string, unknown>;
  const pod = (spec.template as { spec: PodSpec }).spec;
  return { spec, pod, container: pod.containers[0] };
}

const envValue = (container: Container, name: string): string | undefined =>
  container.env.find((entry) => entry.name === name)?.value;

const edits: [string, (text: string) => string, RegExp][] = [
  ['an unknown field', (text) => text.replace('completionMode:', 'completionsMode:'),
    /'"completionsMode"' does not exist in type 'IJobSpec'/],
  ['a wrong type', (text) => text.replace('completions: 4', 'completions: four'), /spec\/completions must be integer/],
  ['a value outside an enum', (text) => text.replace('operator: In', 'operator: Among'),
    /operator must be equal to one of the allowed values/],
  ['a missing required field', (text) => text.replace(/^ {12}status: "True"\n/m, ''),
    /must have required property status/],
];

describe('Kubernetes recipe (examples/cluster/kubernetes)', () => {
  // One check of every file, the shipped ones and the broken copies: the API's types load once.
  let problems: string[][] = [];
  beforeAll(() => {
    problems = manifestProblems([
      { text: read('sweep.yaml'), file: 'sweep.yaml' },
      { text: read('merge.yaml'), file: 'merge.yaml' },
      ...edits.map(([label, edit]) => ({ text: edit(read('sweep.yaml')), file: `sweep.yaml with ${label}` })),
    ]);
  }, 120_000);

  it.each([[0, 'sweep.yaml'], [1, 'merge.yaml']])('%i: %s passes the API schema with no unknown field', (index) => {
    expect(problems[index]).toEqual([]);
  });

  it.each(edits.map(([label, edit, message], index) => [label, edit, message, index + 2] as const))(
    'the check refuses %s',
    (_label, edit, message, index) => {
      expect(edit(read('sweep.yaml'))).not.toBe(read('sweep.yaml'));
      expect(problems[index].join('\n')).toMatch(message);
    },
  );

  it('the sweep and the merge agree: shards, the shared volume, the paths, the exit policy', () => {
    const claim = parseManifest(read('sweep.yaml'), 'sweep.yaml')
      .find((object: ManifestObject) => object.kind === 'PersistentVolumeClaim')!.metadata as { name: string };
    const sweep = job('sweep.yaml', 'mirrorsim-sweep');
    const merge = job('merge.yaml', 'mirrorsim-merge');
    expect(sweep.spec.completionMode).toBe('Indexed');
    expect(String(sweep.spec.completions)).toBe(envValue(sweep.container, 'SHARDS'));
    expect(envValue(merge.container, 'SHARDS')).toBe(envValue(sweep.container, 'SHARDS'));
    for (const { pod, container } of [sweep, merge]) {
      expect(pod.volumes[0].persistentVolumeClaim.claimName).toBe(claim.name);
      expect(pod.restartPolicy).toBe('Never'); // podFailurePolicy needs it
      expect(container.volumeMounts[0].mountPath).toBe('/out');
      expect(container.args.join(' ')).toContain('--exit-zero-on-violations');
    }
    const shardCommand = sweep.container.args.join(' ');
    expect(shardCommand).toContain('--shard "$JOB_COMPLETION_INDEX/$SHARDS"');
    expect(shardCommand).toContain('--report "/out/shard-$JOB_COMPLETION_INDEX" --resume');
    expect(shardCommand).toContain('--workers "$CPUS"');
    const cpus = sweep.container.env.find((entry) => entry.name === 'CPUS');
    expect(cpus?.valueFrom?.resourceFieldRef?.resource).toBe('limits.cpu');
  });

  it("the containers' commands, run with sh here, sweep two shards that find violations and merge them", () => {
    const out = mkdtempSync(join(tmpdir(), 'mirrorsim-k8s-'));
    // The image's paths become this checkout and a scratch directory; a small sweep, two shards, of
    // detach-reattach: a lighter scenario than the manifest's, with the same seed-000 violation.
    const local = (text: string): string => text.replaceAll('/opt/mirrorsim', root).replaceAll('/out', out);
    const environment = {
      PATH: process.env.PATH, SCENARIO: 'detach-reattach', SEEDS: '1..2', VARIANTS: 'addressing=shared-range',
      SHARDS: '2', CPUS: '1',
    };
    const sh = (container: Container, extra: Record<string, string>) => spawnSync(
      container.command[0],
      [...container.command.slice(1), ...container.args.map(local)],
      { cwd: root, encoding: 'utf8', env: { ...environment, ...extra } },
    );
    for (const index of ['0', '1']) {
      const shard = sh(job('sweep.yaml', 'mirrorsim-sweep').container, { JOB_COMPLETION_INDEX: index });
      expect(shard.status, shard.stderr).toBe(0);
      expect(shard.stdout).toContain(`seeds 1..2, shard ${index}/2`);
    }
    const merged = sh(job('merge.yaml', 'mirrorsim-merge').container, {});
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stderr).toMatch(/the merged sweep found violations: exit 0/);
    const summary = JSON.parse(readFileSync(join(out, 'all', 'summary.json'), 'utf8'));
    expect(summary.variants[0])
      .toMatchObject({ label: 'addressing=shared-range', seedsRun: 2, seedsWithViolation: 2 });
  }, 120_000);
});
