// The CRI runtime's own listing for the node view: ListPodSandbox/ListContainers answers turned into crictl's rows
// (its state words, newest first, the POD column), mapped to the model, and crictl's two tables in the CLI.
import { describe, expect, it } from 'vitest';
import { nodeText } from '../../electron/cli/commands/node';
import type * as cri from '../../electron/engine/cri/types';
import { nodeRow } from '../../electron/engine/node/listing';
import { containerRow, sandboxRow } from '../../electron/engine/runtime/cri/node';
import type { Model } from '../../shared/model';
import { pausePerPod, type NodeListing } from '../../shared/node';
import { before } from './fixtures/snapshot-fixtures';

const model: Model = { engine: before.engine, host: before.host, pods: before.pods };
const pod = before.pods[0];
const sandbox: cri.PodSandbox = {
  id: pod.sandbox!.id,
  metadata: { name: pod.name, namespace: 'default', uid: pod.uid ?? '', attempt: 0 },
  state: 'SANDBOX_READY',
  createdAt: '1764604800123456789',
  labels: { 'io.podlab.role': 'sandbox' },
  annotations: {},
  runtimeHandler: '',
};
const web = pod.containers[0];
const container = (state: cri.ContainerState, labels: Record<string, string> = {}, podSandboxId = sandbox.id): cri.Container => ({
  id: web.id,
  podSandboxId,
  metadata: { name: 'web', attempt: 2 },
  image: { image: 'docker.io/library/busybox:latest' },
  imageRef: 'sha256:1',
  state,
  createdAt: '1764604801000000000',
  labels,
  annotations: {},
});

describe("the CRI runtime's listing", () => {
  it('gives a sandbox crictl pods words, its pod metadata, and marks it as the pause row mapped to its pod', () => {
    const r = sandboxRow(sandbox);
    expect(r).toMatchObject({ name: pod.name, status: 'Ready', state: 'running', created: '2025-12-01T16:00:00.123456789Z' });
    expect(sandboxRow({ ...sandbox, state: 'SANDBOX_NOTREADY' }).status).toBe('NotReady');
    const row = nodeRow(r, model);
    expect(row).toMatchObject({ kind: 'sandbox', pause: true, id: sandbox.id.slice(0, 13), podId: sandbox.id.slice(0, 13), model: { kind: 'sandbox', pod: pod.name } });
    expect(row.cri).toEqual({ container: 'POD', pod: pod.name, namespace: 'default', uid: pod.uid ?? '', attempt: 0 });
  });

  it("gives a container crictl ps words, its POD from the sandbox (else the kubelet's labels), mapped to the model", () => {
    const byId = new Map([[sandbox.id, sandbox]]);
    expect(['CONTAINER_RUNNING', 'CONTAINER_EXITED', 'CONTAINER_CREATED', 'CONTAINER_UNKNOWN'].map((s) => containerRow(container(s as cri.ContainerState), byId).status)).toEqual(['Running', 'Exited', 'Created', 'Unknown']);
    const row = nodeRow(containerRow(container('CONTAINER_RUNNING'), byId), model);
    expect(row).toMatchObject({ kind: 'container', pause: false, name: 'web', podId: sandbox.id.slice(0, 13), model: { kind: 'app', pod: pod.name, container: 'web' } });
    expect(row.cri).toMatchObject({ pod: pod.name, attempt: 2 });
    const orphan = containerRow(container('CONTAINER_EXITED', { 'io.kubernetes.pod.name': 'gone', 'io.kubernetes.pod.namespace': 'ns' }, 'f'.repeat(64)), byId);
    expect(orphan.cri).toMatchObject({ pod: 'gone', namespace: 'ns', kind: 'container' });
  });

  it("prints crictl's two tables, counts sandboxes per pod and says how to read them without cri-dockerd names", () => {
    const byId = new Map([[sandbox.id, sandbox]]);
    const rows = [nodeRow(sandboxRow(sandbox), model), nodeRow(containerRow(container('CONTAINER_RUNNING'), byId), model)];
    const l: NodeListing = { runtime: 'cri', endpoint: 'unix:///x.sock', command: 'crictl pods; crictl ps -a', rows, onARealNode: ['crictl pods', 'crictl ps -a'] };
    expect([...pausePerPod(rows)]).toEqual([[pod.name, 1]]);
    const text = nodeText(l);
    expect(text).toContain('$ crictl pods');
    expect(text).toMatch(new RegExp(`${sandbox.id.slice(0, 13)} +.* ago +Ready +${pod.name} +default +0 +pod ${pod.name} · sandbox \\(pause\\)`));
    expect(text).toMatch(new RegExp(`${web.id.slice(0, 13)} +docker.io/library/busybox:latest +.* +Running +web +2 +${sandbox.id.slice(0, 13)} +${pod.name} +pod ${pod.name} · container web`));
    expect(text).toContain('1 pod sandbox(es) (pause) for 1 pod(s)');
    expect(text).not.toContain('k8s_');
  });
});
