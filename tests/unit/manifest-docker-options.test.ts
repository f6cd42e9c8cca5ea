// From a validated Pod to Docker create options, as cri-dockerd builds them: ports only on the sandbox, joined
// namespaces on the apps, Kubernetes command/args semantics, cri-dockerd names and the kubelet's hostname rule.
import { describe, expect, it } from 'vitest';
import { appConfig, sandboxConfig } from '../../electron/engine/pods/create';
import { containerCreateOptions, sandboxCreateOptions } from '../../electron/engine/runtime/docker/create';
import { nextFreeName, podHostname } from '../../electron/engine/pods/names';
import { containerSpecFromLabels, podSpecFromLabels } from '../../electron/engine/pods/spec';
import { parseManifest } from '../../shared/manifest/parse';
import type { PodSpec } from '../../shared/manifest/types';

const sandboxOptions = (...a: Parameters<typeof sandboxConfig>): ReturnType<typeof sandboxCreateOptions> => sandboxCreateOptions(sandboxConfig(...a));
const appOptions = (...a: Parameters<typeof appConfig>): ReturnType<typeof containerCreateOptions> => containerCreateOptions(appConfig(...a));

function spec(text: string): PodSpec {
  const r = parseManifest(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.pod;
}

const pod = spec(`apiVersion: v1
kind: Pod
metadata: {name: lab, annotations: {podlab.io/description: long text}}
spec:
  containers:
  - name: web
    image: busybox
    command: [httpd]
    args: [-f, -p, "80"]
    env: [{name: A, value: "1"}]
    ports:
    - {containerPort: 80, hostPort: 8080, hostIP: 127.0.0.1}
    - {containerPort: 80, hostPort: 8081}
    - {containerPort: 9000}
  - name: dns
    image: busybox
    args: [udp-listen, "53"]
    ports: [{containerPort: 53, hostPort: 5353, protocol: UDP}]
`);

describe('sandboxOptions', () => {
  const o = sandboxOptions(pod, 'uid-1', 0, 'pause:test');
  it('carries every hostPort (and only those), with hostIP', () => {
    expect(o.HostConfig?.PortBindings).toEqual({
      '80/tcp': [
        { HostIp: '127.0.0.1', HostPort: '8080' },
        { HostIp: '', HostPort: '8081' },
      ],
      '53/udp': [{ HostIp: '', HostPort: '5353' }],
    });
    expect(Object.keys(o.ExposedPorts ?? {}).sort()).toEqual(['53/udp', '80/tcp']);
  });
  it('is named, labelled and configured like cri-dockerd', () => {
    expect(o.name).toBe('k8s_POD_lab_default_uid-1_0');
    expect(o.Image).toBe('pause:test');
    expect(o.Hostname).toBe('lab');
    expect(o.HostConfig).toMatchObject({ NetworkMode: 'bridge', IpcMode: 'shareable' });
    expect(o.Labels).toMatchObject({ 'io.podlab.pod': 'lab', 'io.podlab.role': 'sandbox', 'io.podlab.uid': 'uid-1', 'io.podlab.attempt': '0' });
  });
  it('stores the pod so a restarted podlab reads it back (without the long annotations)', () => {
    expect(podSpecFromLabels(o.Labels)).toEqual({ ...pod, annotations: undefined });
  });
});

describe('appOptions', () => {
  const web = appOptions(pod, pod.containers[0], 'sb-id', 'uid-1', 2);
  const dns = appOptions({ ...pod, shareProcessNamespace: true }, pod.containers[1], 'sb-id', 'uid-1', 0);
  it('joins the sandbox and never sets what Docker refuses on a joined container', () => {
    expect(web.HostConfig).toEqual({ NetworkMode: 'container:sb-id', IpcMode: 'container:sb-id' });
    expect(dns.HostConfig).toEqual({ NetworkMode: 'container:sb-id', IpcMode: 'container:sb-id', PidMode: 'container:sb-id' });
    for (const o of [web, dns]) {
      expect(o).not.toHaveProperty('Hostname');
      expect(o).not.toHaveProperty('ExposedPorts');
      expect(o.HostConfig).not.toHaveProperty('PortBindings');
      expect(o.HostConfig).not.toHaveProperty('Dns');
    }
  });
  it('maps command to ENTRYPOINT and args to CMD, and keeps the container spec on a label', () => {
    expect(web).toMatchObject({ Entrypoint: ['httpd'], Cmd: ['-f', '-p', '80'], Env: ['A=1'], Image: 'busybox' });
    expect(dns).not.toHaveProperty('Entrypoint'); // args only: the image's ENTRYPOINT stays
    expect(dns.Cmd).toEqual(['udp-listen', '53']);
    expect(web.name).toBe('k8s_web_lab_default_uid-1_2');
    expect(web.Labels).toMatchObject({ 'io.podlab.pod': 'lab', 'io.podlab.role': 'app', 'io.podlab.container': 'web', 'io.podlab.attempt': '2' });
    expect(containerSpecFromLabels(web.Labels)).toEqual(pod.containers[0]);
  });
  it('ignores labels that are not valid specs', () => {
    expect(containerSpecFromLabels({ 'io.podlab.spec': '{"name":"Bad"}' })).toBeNull();
    expect(podSpecFromLabels({ 'io.podlab.manifest': 'not json' })).toBeNull();
    expect(podSpecFromLabels({})).toBeNull();
  });
});

describe('names', () => {
  it('uses spec.hostname, else the pod name cut to 63 characters without a trailing - or .', () => {
    expect(podHostname('lab', 'box')).toBe('box');
    expect(podHostname(`${'a'.repeat(62)}-b`)).toBe('a'.repeat(62));
    expect(podHostname('a.b')).toBe('a.b');
  });
  it('picks the next free <name>-N', () => {
    expect(nextFreeName('web', new Set())).toBe('web');
    expect(nextFreeName('web', new Set(['web', 'web-2']))).toBe('web-3');
  });
});
