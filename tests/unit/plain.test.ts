// Pure parts of plain containers and the node view: what podlab may touch, the docker run options of a plain group,
// cri-dockerd names, rows mapped to the model, watch lines and the Markdown contrast.
import { describe, expect, it } from 'vitest';
import { plainLines } from '../../electron/cli/plainlines';
import { plainConfig } from '../../electron/engine/plain/launch';
import { plainCreateOptions } from '../../electron/engine/runtime/docker/plain';
import { wantedPlain } from '../../electron/engine/plain/discover';
import { isPlainContainer } from '../../electron/engine/plain/guard';
import type { Model, Snapshot } from '../../shared/model';
import { modelRefOf, modelRefText, parseCriName, pausePerPod, type NodeRow } from '../../shared/node';
import { renderMarkdown } from '../../shared/render/markdown';
import { twinPairs } from '../../shared/render/plain-markdown';
import { validateAgainst } from '../../shared/snapshot/validate';
import { allPlain, foreignNginx, plainWeb, plainWeb2 } from './fixtures/plain-fixtures';
import { before, portConflict } from './fixtures/snapshot-fixtures';

const snap: Snapshot = { ...before, plainContainers: allPlain };
const model: Model = { engine: before.engine, host: before.host, pods: before.pods, plainContainers: allPlain };

describe('what podlab may touch', () => {
  it('only its own plain containers (role plain + group); never a pod container or a stranger', () => {
    const own = { 'io.podlab.role': 'plain', 'io.podlab.group': 'g', 'io.podlab.container': 'web' };
    expect(isPlainContainer(own)).toBe(true);
    expect(isPlainContainer(own, 'g', '/g_web')).toBe(true);
    expect(isPlainContainer(own, 'h')).toBe(false);
    // Labels copied onto a container of another name are not enough.
    expect(isPlainContainer(own, undefined, 'my-db')).toBe(false);
    expect(isPlainContainer({ 'io.podlab.group': 'g', 'io.podlab.container': 'web' })).toBe(false);
    expect(isPlainContainer({ 'io.podlab.role': 'plain', 'io.podlab.container': 'web' })).toBe(false);
    expect(isPlainContainer(undefined)).toBe(false);
  });

  it('plainContainers: strangers while alive, podlab groups in any state, never pods or the probe helper', () => {
    expect(wantedPlain({ labels: {}, state: 'running', name: 'db' })).toBe(true);
    expect(wantedPlain({ labels: {}, state: 'exited', name: 'db' })).toBe(false);
    expect(wantedPlain({ labels: { 'io.podlab.role': 'plain', 'io.podlab.group': 'g', 'io.podlab.container': 'web' }, state: 'exited', name: 'g-web' })).toBe(true);
    const sandbox = { 'io.podlab.pod': 'p', 'io.podlab.role': 'sandbox', 'io.podlab.uid': 'u1', 'io.podlab.attempt': '0' };
    expect(wantedPlain({ labels: sandbox, state: 'running', name: '/k8s_POD_p_default_u1_0' })).toBe(false);
    // podlab's labels without its marks (here: another name; a label alone) are someone else's container.
    expect(wantedPlain({ labels: sandbox, state: 'running', name: '/my-db' })).toBe(true);
    expect(wantedPlain({ labels: { 'io.podlab.pod': 'p', 'io.podlab.role': 'sandbox' }, state: 'running', name: '/k8s_POD_p_default_u1_0' })).toBe(true);
    expect(wantedPlain({ labels: { 'io.podlab.pod': 'p', 'io.podlab.role': 'sandbox' }, state: 'exited', name: '/x' })).toBe(false);
    expect(wantedPlain({ labels: { 'io.podlab.helper': 'true' }, state: 'running', name: 'h' })).toBe(false);
  });
});

describe('launch --plain options', () => {
  const spec = {
    name: 'port-conflict', labels: {}, restartPolicy: 'Always' as const, shareProcessNamespace: true,
    containers: [{ name: 'web', image: 'busybox', command: ['httpd', '-f'], ports: [{ containerPort: 80, protocol: 'tcp' as const, hostPort: 8080 }] }],
  };
  const o = plainCreateOptions(plainConfig('pc-plain', spec, spec.containers[0]));

  it('is a docker run on the default bridge: own netns, no joined IPC/PID, its ports its own', () => {
    expect(o.name).toBe('pc-plain_web');
    expect(o.HostConfig?.NetworkMode).toBe('bridge');
    expect(o.HostConfig?.IpcMode).toBeUndefined();
    expect(o.HostConfig?.PidMode).toBeUndefined();
    expect(o.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(o.HostConfig?.PortBindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
    expect(o.Entrypoint).toEqual(['httpd', '-f']);
  });

  it('is labelled as podlab plain group (no io.podlab.pod: it is no pod), with its twin and manifest', () => {
    expect(o.Labels).toMatchObject({ 'io.podlab.role': 'plain', 'io.podlab.group': 'pc-plain', 'io.podlab.container': 'web', 'io.podlab.twin': 'port-conflict' });
    expect(o.Labels?.['io.podlab.pod']).toBeUndefined();
    expect(JSON.parse(o.Labels?.['io.podlab.manifest'] ?? '{}')).toMatchObject({ kind: 'Pod', metadata: { name: 'port-conflict' } });
  });
});

describe('node view', () => {
  it('parses cri-dockerd names, and nothing else', () => {
    expect(parseCriName('/k8s_POD_web-sidecar_default_c0ffee00-1111_3')).toEqual({ container: 'POD', pod: 'web-sidecar', namespace: 'default', uid: 'c0ffee00-1111', attempt: 3 });
    expect(parseCriName('k8s_web-2_port-conflict_default_u_0')?.container).toBe('web-2');
    expect(parseCriName('my-nginx')).toBeNull();
    expect(parseCriName('k8s_POD_a_b_c_x')).toBeNull();
    expect(parseCriName('k8s__a_b_c_0')).toBeNull();
  });

  it('maps a row to its pod, container, plain group, an earlier attempt, or nothing', () => {
    expect(modelRefOf(model, portConflict.sandbox!.id, {})).toEqual({ kind: 'sandbox', pod: 'port-conflict' });
    expect(modelRefOf(model, portConflict.containers[1].id, {})).toEqual({ kind: 'app', pod: 'port-conflict', container: portConflict.containers[1].name });
    expect(modelRefOf(model, plainWeb.id, {})).toEqual({ kind: 'plain', group: 'port-conflict-plain', container: 'web' });
    expect(modelRefOf(model, foreignNginx.id, {})).toEqual({ kind: 'plain', group: null, container: 'my-nginx' });
    expect(modelRefOf(model, 'old', { 'io.podlab.pod': 'p', 'io.podlab.role': 'app', 'io.podlab.container': 'web' })).toEqual({ kind: 'earlier', pod: 'p', container: 'web' });
    expect(modelRefOf(model, 'x', {})).toEqual({ kind: 'none' });
  });

  it('maps an init and an ephemeral (debug) container to its pod, not to an earlier attempt', () => {
    const init = { ...portConflict.containers[0], id: 'init-id', name: 'setup' };
    const debug = { name: 'debugger-abcde', id: 'debug-id', image: 'busybox', state: 'exited' as const, target: null };
    const withBoth: Model = { ...model, pods: model.pods.map((p) => (p === portConflict ? { ...p, initContainers: [init], ephemeralContainers: [debug] } : p)) };
    const labels = { 'io.podlab.pod': 'port-conflict', 'io.podlab.role': 'ephemeral', 'io.podlab.ephemeral': 'debugger-abcde' };
    expect(modelRefOf(withBoth, 'init-id', { 'io.podlab.pod': 'port-conflict', 'io.podlab.role': 'init', 'io.podlab.container': 'setup' })).toEqual({ kind: 'init', pod: 'port-conflict', container: 'setup' });
    expect(modelRefOf(withBoth, 'debug-id', labels)).toEqual({ kind: 'ephemeral', pod: 'port-conflict', container: 'debugger-abcde' });
    expect(modelRefText(modelRefOf(withBoth, 'debug-id', labels))).toBe('pod port-conflict · ephemeral container debugger-abcde');
    // Gone from the model (an earlier one): named by its label, not "?".
    expect(modelRefOf(model, 'debug-id', labels)).toEqual({ kind: 'earlier', pod: 'port-conflict', container: 'debugger-abcde' });
  });

  it('counts pause containers per pod', () => {
    const row = (name: string, pause: boolean): NodeRow => ({ id: name, image: 'i', command: 'c', created: '', status: 'Up', state: 'running', name, pause, cri: parseCriName(name), model: { kind: 'none' } });
    const counts = pausePerPod([row('k8s_POD_a_default_u_0', true), row('k8s_web_a_default_u_0', false), row('k8s_POD_b_default_v_1', true)]);
    expect([...counts.entries()]).toEqual([['a', 1], ['b', 1]]);
  });
});

describe('watch lines and the Markdown contrast', () => {
  it('a plain line when one appears, changes state or goes away', () => {
    const first = plainLines(null, model, 't0');
    expect(first.map((l) => [l.type, l.container, l.group, l.state])).toContainEqual(['plain', 'my-nginx', null, 'running']);
    const next: Model = { ...model, plainContainers: [{ ...plainWeb, state: 'exited', ip: null }] };
    const lines = plainLines(model, next, 't1');
    expect(lines.find((l) => l.container === plainWeb.name)).toMatchObject({ state: 'exited', ip: null, group: 'port-conflict-plain' });
    expect(lines.filter((l) => l.state === 'removed').map((l) => l.container).sort()).toEqual(['my-nginx', 'node-exporter', 'port-conflict-plain_web-2']);
    expect(plainLines(model, model, 't2')).toEqual([]);
  });

  it('pairs a pod with its plain twin and tells the lesson: no 127.0.0.1 between plain containers', () => {
    expect(twinPairs(snap)).toEqual([{ pod: 'port-conflict', group: 'port-conflict-plain' }]);
    const md = renderMarkdown(snap);
    expect(md).toContain('## Outside any pod: plain Docker containers');
    expect(md).toContain('`127.0.0.1:80` reaches nothing there');
    expect(md).toMatch(/\| node-exporter \| \(not podlab's, read-only\) \| running \| — \| net:\[4026531840\] \| — \| host network/);
    expect(md).toMatch(/Its plain twin `port-conflict-plain`: 2 containers, 2 netns, IPs `172.17.0.5`, `172.17.0.6`/);
    expect(renderMarkdown(before)).not.toContain('Outside any pod');
  });

  it('a snapshot with plain containers is valid against the schema', () => {
    expect(validateAgainst(snap)).toEqual([]);
    expect(validateAgainst({ ...snap, plainContainers: [{ ...plainWeb, group: 3 }] }).length).toBeGreaterThan(0);
  });
});

describe('the topology with plain containers', () => {
  it('draws each plain container as its own netns box with its own veth, right after its twin pod; others listed off the bridge', async () => {
    const { renderTopologySvg } = await import('../../shared/render/topology');
    const { layoutTopology } = await import('../../shared/render/topology-layout');
    const { XMLValidator } = await import('fast-xml-parser');
    const svg = renderTopologySvg(model, { width: 1150 });
    expect(XMLValidator.validate(svg)).toBe(true);
    for (const c of [plainWeb, foreignNginx]) {
      expect(svg).toContain(`data-plain="${c.name}"`);
      expect(svg).toContain(`data-veth="${c.hostVeth}"`);
      expect(svg).toContain(`data-netns="${c.namespaces.net}"`);
    }
    expect(svg).toMatch(/data-plain="port-conflict-plain_web" data-group="port-conflict-plain" data-twin="port-conflict"/);
    const lesson = [...svg.matchAll(/data-lesson="1">([^<]*)</g)].map((m) => m[1]).join(' ');
    expect(lesson).toContain('In pod port-conflict beside it, all share one.');
    expect(svg).not.toContain('data-plain="node-exporter"');
    expect(svg).toContain('data-off-bridge-container="node-exporter"');
    const lay = layoutTopology(model, 1150);
    const pod = lay.pods.find((b) => b.pod.name === 'port-conflict')!;
    const twins = lay.plain.filter((b) => b.c.group === 'port-conflict-plain');
    // Side by side: the same row, right after the pod.
    expect(twins.map((b) => b.y)).toEqual([pod.y, pod.y]);
    expect(twins.map((b) => b.x)).toEqual([pod.x + 348, pod.x + 348 + 278]);
    // Without plain containers the picture is what it was.
    expect(renderTopologySvg({ ...model, plainContainers: [] })).not.toContain('data-plain');
  });
});

describe('row packing', () => {
  it('keeps a pod and its plain twin in one row when they fit, else starts a new row with them', async () => {
    const { packRows } = await import('../../shared/render/topology-layout');
    const pod = (name: string) => ({ kind: 'pod' as const, pod: { ...portConflict, name } });
    const twin = { kind: 'plain' as const, c: plainWeb, first: true, twin: 'b' };
    const twin2 = { kind: 'plain' as const, c: plainWeb2, first: false, twin: 'b' };
    const names = (rows: ReturnType<typeof packRows>): string[][] => rows.map((r) => r.map((it) => (it.kind === 'pod' ? it.pod.name : it.c.name)));
    // 320 + 28 + 250 + 28 + 250 = 876: fits 900, so the pod and its twin share a row after pod a moves down.
    expect(names(packRows([pod('a'), pod('b'), twin, twin2], 900))).toEqual([['a'], ['b', plainWeb.name, plainWeb2.name]]);
    expect(names(packRows([pod('a'), pod('b')], 900))).toEqual([['a', 'b']]);
    // Narrower than the chunk: split, never lost.
    expect(names(packRows([pod('b'), twin, twin2], 600)).flat()).toEqual(['b', plainWeb.name, plainWeb2.name]);
  });
});
