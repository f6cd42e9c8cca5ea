// `podlab launch FILE` with several Pods (multi-document YAML) on the real engine, as `kubectl apply -f` takes it:
// every Pod is created with the file's ConfigMap; one invalid Pod means nothing is created (exit 2), naming it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docker, logs, podlab, until } from './helpers';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const dir = mkdtempSync(join(tmpdir(), 'm2-multi-'));
const tag = `${process.pid % 10000}-${Math.floor(Math.random() * 1000)}`;
const a = `m2-multi-a-${tag}`;
const b = `m2-multi-b-${tag}`;

afterAll(async () => {
  await podlab(['rm', a, b]);
  rmSync(dir, { recursive: true, force: true });
});

const pod = (name: string, image = DEMO): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: app
    image: ${image}
    command: [sh, -c, 'echo "$GREETING from $POD"; sleep 300']
    env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    envFrom: [{configMapRef: {name: greeting}}]
`;
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: greeting}\ndata: {GREETING: hello-m2}\n';

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const ids = (name: string): string[] => docker(['ps', '-aq', '--filter', `label=io.podlab.pod=${name}`]).split('\n').filter(Boolean);

describe('podlab launch with several Pods in one file', () => {
  it('refuses the whole file when one Pod is invalid, naming its document and Pod; nothing is created', async () => {
    const f = file('bad.yaml', `${pod(a)}---\n${cm}---\n${pod(b, 'Bad Image!')}`);
    const r = await podlab(['launch', f]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`invalid manifest, nothing was created (the file holds 2 Pods: ${a}, ${b})`);
    expect(r.stderr).toMatch(new RegExp(`document 3: spec\\.containers\\[0\\]\\.image: pod ${b}: Invalid value`));
    expect(ids(a)).toEqual([]);
    expect(ids(b)).toEqual([]);
  });

  it('refuses --name, which names one pod', async () => {
    const r = await podlab(['launch', file('two.yaml', `${pod(a)}---\n${pod(b)}`), '--name', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--name names one pod; this file holds 2 Pods (${a}, ${b})`);
  });

  it('launches every Pod with the ConfigMap of the file, and --json prints them as a list', async () => {
    const f = file('good.yaml', `${pod(a)}---\n${cm}---\n${pod(b)}`);
    const r = await podlab(['launch', f, '--wait', '--json'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { name: string; phase: string; warnings: string[] }[];
    expect(out.map((p) => [p.name, p.phase])).toEqual([
      [a, 'Running'],
      [b, 'Running'],
    ]);
    for (const name of [a, b]) {
      const app = docker(['ps', '-q', '--filter', `label=io.podlab.pod=${name}`, '--filter', 'label=io.podlab.container=app']);
      await until(() => logs(app).includes(`hello-m2 from ${name}`), 10_000, 150, `${name} to print the ConfigMap's value`);
    }
    const ls = JSON.parse((await podlab(['ls', '--json'])).stdout) as { name: string }[];
    expect(ls.map((p) => p.name)).toEqual(expect.arrayContaining([a, b]));
  }, 150_000);
});
