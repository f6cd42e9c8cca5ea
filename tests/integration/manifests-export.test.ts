// `podlab export` of a pod using the fields of issue 16 (namespace, init container, native sidecar, volumes, env
// valueFrom, resources, securityContext, probes, lifecycle, hostNetwork) on the real engine: the manifest comes back
// with all of them, re-launching it gives the same pod, and the snapshot carries init containers, volumes and probes
// and passes the snapshot JSON Schema.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../shared/manifest/parse';
import type { PodModel, Snapshot } from '../../shared/model';
import { snapshotSchema, validateAgainst } from '../../shared/snapshot/validate';
import { podlab } from './helpers';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const dir = mkdtempSync(join(tmpdir(), 'm2-export-'));
const tag = `${process.pid % 10000}-${Math.floor(Math.random() * 1000)}`;
const NS = `m2-ns-${tag}`;
const POD = `m2-export-${tag}`;
const KEY = `${NS}/${POD}`;

afterAll(async () => {
  await podlab(['rm', KEY]);
  rmSync(dir, { recursive: true, force: true });
});

const CM = `apiVersion: v1
kind: ConfigMap
metadata: {name: m2-cfg, namespace: ${NS}}
data: {greeting: hi-from-cm}
`;
const POD_YAML = `apiVersion: v1
kind: Pod
metadata: {name: ${POD}, namespace: ${NS}, labels: {app: m2-export}}
spec:
  hostNetwork: true
  terminationGracePeriodSeconds: 5
  volumes:
  - {name: work, emptyDir: {medium: Memory}}
  - {name: cfg, configMap: {name: m2-cfg, defaultMode: 0444}}
  initContainers:
  - {name: prep, image: ${DEMO}, command: [sh, -c, "echo ready > /work/state"], volumeMounts: [{name: work, mountPath: /work}]}
  - name: side
    image: ${DEMO}
    restartPolicy: Always
    command: [sh, -c, "sleep 300"]
    startupProbe: {exec: {command: ["true"]}, periodSeconds: 1}
  containers:
  - name: app
    image: ${DEMO}
    imagePullPolicy: IfNotPresent
    command: [sh, -c, "cat /work/state; echo $(GREETING) $POD_IP; sleep 300"]
    env:
    - {name: GREETING, valueFrom: {configMapKeyRef: {name: m2-cfg, key: greeting}}}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
    resources: {limits: {memory: 64Mi, cpu: 500m}, requests: {memory: 32Mi, cpu: 100m}}
    securityContext: {runAsUser: 1000, runAsGroup: 1000, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
    livenessProbe: {exec: {command: ["true"]}, periodSeconds: 5, failureThreshold: 3}
    readinessProbe: {exec: {command: [cat, /work/state]}, periodSeconds: 2}
    lifecycle:
      postStart: {exec: {command: [sh, -c, "true"]}}
      preStop: {exec: {command: [sh, -c, "true"]}}
    volumeMounts: [{name: work, mountPath: /work, readOnly: true}, {name: cfg, mountPath: /cfg}]
`;

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** What launch validated from `text` with the ConfigMap: the pod podlab runs. */
function specOf(text: string): unknown {
  const r = parseManifest(`${CM}---\n${text}`);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.pod;
}

async function inspect(): Promise<PodModel> {
  const r = await podlab(['inspect', KEY, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PodModel;
}

/** The parts of the model the manifest decides (ids, times and addresses differ between two launches). */
const shape = (p: PodModel): unknown => ({
  phase: p.phase,
  hostNetwork: p.hostNetwork,
  volumes: p.volumes,
  initContainers: p.initContainers?.map((c) => [c.name, c.state, c.exitCode]),
  containers: p.containers.map((c) => [c.name, c.state, c.sidecar ?? false, c.probes, c.resources, c.mounts]),
});

describe('export of a pod with the new fields', () => {
  let first: PodModel;
  let exported = '';

  it('launches, and export writes the manifest back with every field', async () => {
    const r = await podlab(['launch', write('cm.yaml', CM), write('pod.yaml', POD_YAML), '--wait', '--json'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    first = await inspect();
    expect(first.phase).toBe('Running');
    const e = await podlab(['export', KEY]);
    expect(e.code, e.stderr).toBe(0);
    exported = e.stdout;
    for (const field of ['namespace:', 'initContainers:', 'restartPolicy: Always', 'volumes:', 'emptyDir:', 'configMap:', 'configMapKeyRef:', 'fieldRef:', 'resourceFieldRef:', 'resources:', 'securityContext:', 'livenessProbe:', 'readinessProbe:', 'startupProbe:', 'lifecycle:', 'hostNetwork: true']) {
      expect(exported, field).toContain(field);
    }
    // The ConfigMap is not podlab's to keep: the export names it so the reader launches it with its file.
    expect(exported).toContain('It reads ConfigMap m2-cfg');
    // As podlab reads it again, the exported manifest is the launched pod, field for field.
    expect(specOf(exported)).toEqual(specOf(POD_YAML));
  }, 150_000);

  it('snapshots carry the init containers, volumes and probes, and pass the snapshot JSON Schema', async () => {
    const out = join(dir, 'snap.json');
    const r = await podlab(['snapshot', '--pod', KEY, '--format', 'json', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const snap = JSON.parse(readFileSync(out, 'utf8')) as Snapshot;
    expect(validateAgainst(snap)).toEqual([]);
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(snapshotSchema);
    expect(ajv(snap), JSON.stringify(ajv.errors)).toBe(true);
    const pod = snap.pods.find((p) => p.name === KEY)!;
    expect(pod.initContainers?.map((c) => c.name)).toEqual(['prep']);
    expect(pod.volumes?.map((v) => v.name)).toEqual(['work', 'cfg']);
    expect(pod.containers.find((c) => c.name === 'app')?.probes).toEqual(expect.arrayContaining(['liveness', 'readiness']));
    expect(pod.containers.find((c) => c.name === 'side')?.sidecar).toBe(true);
    const m = snap.manifests?.[KEY] as { spec: { initContainers?: { name: string }[]; volumes?: { name: string }[]; containers: { livenessProbe?: unknown }[] } } | undefined;
    expect(m?.spec.initContainers?.map((c) => c.name)).toEqual(['prep', 'side']);
    expect(m?.spec.volumes?.map((v) => v.name)).toEqual(['work', 'cfg']);
    expect(m?.spec.containers[0]?.livenessProbe).toBeTruthy();
  }, 60_000);

  it('re-launching the exported manifest gives the same pod', async () => {
    expect((await podlab(['rm', KEY])).code).toBe(0);
    const r = await podlab(['launch', join(dir, 'cm.yaml'), write('exported.yaml', exported), '--wait', '--json'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const again = await inspect();
    expect(shape(again)).toEqual(shape(first));
    const e = await podlab(['export', KEY]);
    expect(specOf(e.stdout)).toEqual(specOf(exported));
  }, 150_000);
});
