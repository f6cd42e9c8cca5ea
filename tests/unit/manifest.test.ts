// Manifest parsing and validation: the API server's rules and wording for podlab's Pod subset.
import { describe, expect, it } from 'vitest';
import { MAX_MANIFEST_BYTES, parseManifest } from '../../shared/manifest/parse';
import type { ParseResult } from '../../shared/manifest/types';

const pod = (spec: string, meta = 'metadata:\n  name: demo\n'): string => `apiVersion: v1\nkind: Pod\n${meta}spec:\n${spec}`;
const one = (ctr: string): string => pod(`  containers:\n  - name: web\n    image: busybox\n${ctr}`);

function errors(r: ParseResult): string[] {
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('parseManifest: valid pods', () => {
  it('parses the full subset from YAML', () => {
    const r = parseManifest(
      pod(
        [
          '  restartPolicy: Never',
          '  shareProcessNamespace: true',
          '  hostname: box',
          '  containers:',
          '  - name: web',
          '    image: busybox',
          '    command: [httpd, -f]',
          '    args: ["-p", "80"]',
          '    env: [{name: A, value: "1"}, {name: B}]',
          '    ports:',
          '    - {containerPort: 80, hostPort: 8080, hostIP: 127.0.0.1, protocol: TCP, name: http}',
          '    - {containerPort: 53, protocol: UDP}',
        ].join('\n') + '\n',
        'metadata:\n  name: demo\n  labels: {app: demo}\n  annotations: {podlab.io/description: "a lesson"}\n',
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pod).toEqual({
      name: 'demo',
      labels: { app: 'demo' },
      annotations: { 'podlab.io/description': 'a lesson' },
      restartPolicy: 'Never',
      shareProcessNamespace: true,
      hostname: 'box',
      containers: [
        {
          name: 'web',
          image: 'busybox',
          command: ['httpd', '-f'],
          args: ['-p', '80'],
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '' },
          ],
          ports: [
            { containerPort: 80, hostPort: 8080, hostIP: '127.0.0.1', protocol: 'tcp', name: 'http' },
            { containerPort: 53, protocol: 'udp' },
          ],
        },
      ],
    });
    expect(r.warnings).toEqual([]);
  });

  it('parses JSON and applies the defaults (restartPolicy Always, protocol TCP)', () => {
    const r = parseManifest(
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a.b-c' }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 1 }] }] } }),
    );
    expect(r.ok && r.pod.restartPolicy).toBe('Always');
    expect(r.ok && r.pod.shareProcessNamespace).toBe(false);
    expect(r.ok && r.pod.containers[0].ports[0].protocol).toBe('tcp');
  });

  it('treats hostPort 0 as not published, like Kubernetes', () => {
    const r = parseManifest(one('    ports: [{containerPort: 80, hostPort: 0}]\n'));
    expect(r.ok && r.pod.containers[0].ports[0].hostPort).toBeUndefined();
  });
});

describe('parseManifest: refused input', () => {
  it('refuses oversize input before parsing', () => {
    const r = parseManifest(one('') + '#'.repeat(MAX_MANIFEST_BYTES));
    expect(errors(r)[0]).toMatch(/at most 262144 bytes/);
  });

  it('refuses YAML aliases (the billion laughs bomb)', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]'].join('\n');
    expect(errors(parseManifest(bomb))).toEqual([': YAML aliases (*name) are not supported by podlab — write the values out in full']);
    expect(errors(parseManifest(one('    env: &e [{name: A, value: "1"}]\n')))).toEqual([]);
    expect(parseManifest(pod('  containers: &c [{name: a, image: b}]\n  x: *c\n')).ok).toBe(false);
  });

  it('refuses broken YAML, empty text, several documents and non-objects', () => {
    expect(errors(parseManifest('a: [1'))[0]).toMatch(/not valid YAML or JSON/);
    expect(errors(parseManifest('   '))[0]).toMatch(/empty/);
    expect(errors(parseManifest(`${one('')}---\n${one('')}`))[0]).toMatch(/holds 2 Pods \(demo, demo\); one launch request makes one Pod/);
    expect(errors(parseManifest('- 1\n- 2'))[0]).toMatch(/must be a Kubernetes Pod object/);
    expect(errors(parseManifest('a: 1\na: 2'))[0]).toMatch(/not valid YAML/);
  });

  it('checks apiVersion and kind', () => {
    expect(errors(parseManifest(one('').replace('apiVersion: v1', 'apiVersion: apps/v1')))).toEqual([
      'apiVersion: Unsupported value: "apps/v1": supported values: "v1" — a Pod is apiVersion: v1',
    ]);
    expect(errors(parseManifest(one('').replace('kind: Pod', 'kind: Deployment')))[0]).toMatch(/^kind: Unsupported value: "Deployment"/);
    expect(errors(parseManifest(one('').replace('kind: Pod\n', '')))).toEqual(['kind: Required value: add kind: Pod']);
  });
});

describe('parseManifest: names', () => {
  it('requires metadata.name and checks it as a DNS-1123 subdomain', () => {
    expect(errors(parseManifest(pod('  containers: [{name: a, image: b}]\n', 'metadata: {labels: {a: b}}\n')))[0]).toMatch(/^metadata.name: Required value/);
    expect(errors(parseManifest(pod('  containers: [{name: a, image: b}]\n', 'metadata: {name: Web_1}\n')))[0]).toMatch(
      /^metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain/,
    );
    expect(errors(parseManifest(pod('  containers: [{name: a, image: b}]\n', `metadata: {name: ${'a'.repeat(254)}}\n`)))[0]).toMatch(/no more than 253/);
  });

  it('checks container names as DNS-1123 labels, required and unique', () => {
    expect(errors(parseManifest(pod('  containers: [{name: Web, image: b}]\n')))[0]).toMatch(
      /^spec.containers\[0\].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of/,
    );
    expect(errors(parseManifest(pod(`  containers: [{name: ${'a'.repeat(64)}, image: b}]\n`)))[0]).toMatch(/no more than 63/);
    expect(errors(parseManifest(pod('  containers: [{image: b}]\n')))[0]).toMatch(/^spec.containers\[0\].name: Required value/);
    expect(errors(parseManifest(pod('  containers: [{name: a, image: b}, {name: a, image: c}]\n')))).toEqual([
      'spec.containers[1].name: Duplicate value: "a" — give each container its own name',
    ]);
  });

  it('requires an image and at least one container', () => {
    expect(errors(parseManifest(pod('  containers: [{name: a}]\n')))).toEqual(['spec.containers[0].image: Required value: set the image to run, e.g. "busybox"']);
    expect(errors(parseManifest(pod('  containers: []\n')))[0]).toMatch(/^spec.containers: Required value/);
  });

  it('checks hostname, labels and port names', () => {
    expect(errors(parseManifest(pod('  hostname: a.b\n  containers: [{name: a, image: b}]\n')))[0]).toMatch(/^spec.hostname: Invalid value: "a.b"/);
    expect(errors(parseManifest(pod('  containers: [{name: a, image: b}]\n', 'metadata: {name: x, labels: {app: "no spaces"}}\n')))[0]).toMatch(
      /^metadata.labels\[app\]: Invalid value/,
    );
    expect(errors(parseManifest(one('    ports: [{containerPort: 80, name: "80"}]\n')))[0]).toMatch(/must contain at least one letter/);
    expect(errors(parseManifest(one('    ports: [{containerPort: 80, name: http}, {containerPort: 81, name: http}]\n')))).toEqual([
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
    ]);
  });
});

describe('parseManifest: ports', () => {
  it('checks port ranges and types', () => {
    expect(errors(parseManifest(one('    ports: [{containerPort: 0}]\n')))).toEqual(['spec.containers[0].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive']);
    expect(errors(parseManifest(one('    ports: [{containerPort: 65536}]\n')))[0]).toMatch(/between 1 and 65535/);
    expect(errors(parseManifest(one('    ports: [{containerPort: 80, hostPort: 70000}]\n')))[0]).toMatch(/^spec.containers\[0\].ports\[0\].hostPort: Invalid value: 70000/);
    expect(errors(parseManifest(one('    ports: [{containerPort: "80"}]\n')))[0]).toMatch(/Invalid value: "80": must be an integer/);
    expect(errors(parseManifest(one('    ports: [{hostPort: 80}]\n')))[0]).toMatch(/^spec.containers\[0\].ports\[0\].containerPort: Required value/);
    expect(errors(parseManifest(one('    ports: [{containerPort: 80, hostIP: "999.1.1.1"}]\n')))[0]).toMatch(/hostIP: Invalid value/);
    expect(parseManifest(one('    ports: [{containerPort: 80, hostPort: 80, hostIP: "::1"}]\n')).ok).toBe(true);
  });

  it('supports TCP and UDP, says SCTP is not supported, refuses others', () => {
    expect(errors(parseManifest(one('    ports: [{containerPort: 80, protocol: SCTP}]\n')))[0]).toMatch(/not supported by podlab: spec.containers\[0\].ports\[0\].protocol "SCTP"/);
    expect(errors(parseManifest(one('    ports: [{containerPort: 80, protocol: tcp}]\n')))[0]).toMatch(
      /Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"/,
    );
  });

  it('rejects a duplicate hostPort in one pod with Kubernetes\' key protocol/hostIP/hostPort', () => {
    const r = parseManifest(pod('  containers:\n  - {name: a, image: b, ports: [{containerPort: 80, hostPort: 8080}]}\n  - {name: c, image: b, ports: [{containerPort: 81, hostPort: 8080}]}\n'));
    expect(errors(r)).toEqual(['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080" — two ports of one pod cannot publish the same hostPort; pick another hostPort']);
    const withIp = parseManifest(one('    ports: [{containerPort: 80, hostPort: 53, hostIP: 127.0.0.1, protocol: UDP}, {containerPort: 81, hostPort: 53, hostIP: 127.0.0.1, protocol: UDP}]\n'));
    expect(errors(withIp)[0]).toMatch(/Duplicate value: "UDP\/127.0.0.1\/53"/);
    expect(parseManifest(one('    ports: [{containerPort: 53, hostPort: 53}, {containerPort: 53, hostPort: 53, protocol: UDP}]\n')).ok).toBe(true);
  });

  it('only warns for a duplicate containerPort, with the API server\'s wording', () => {
    const r = parseManifest(pod('  containers:\n  - {name: a, image: b, ports: [{containerPort: 80}]}\n  - {name: c, image: b, ports: [{containerPort: 80}]}\n'));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]']);
    const overlap = parseManifest(pod('  containers:\n  - {name: a, image: b, ports: [{containerPort: 80}]}\n  - {name: c, image: b, ports: [{containerPort: 80, hostPort: 8080}]}\n'));
    expect(overlap.warnings).toEqual(['spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]']);
    expect(parseManifest(pod('  containers:\n  - {name: a, image: b, ports: [{containerPort: 53}]}\n  - {name: c, image: b, ports: [{containerPort: 53, protocol: UDP}]}\n')).warnings).toEqual([]);
    expect(parseManifest(one('    ports: [{containerPort: 80, hostIP: 127.0.0.1}]\n')).warnings).toEqual(['spec.containers[0].ports[0]: hostIP set without hostPort']);
  });
});

describe('parseManifest: fields podlab does not run are named once, never ignored', () => {
  it.each([
    ['spec.volumes[0].persistentVolumeClaim', pod('  volumes: [{name: v, persistentVolumeClaim: {claimName: c}}]\n  containers: [{name: a, image: b}]\n'), /a PersistentVolumeClaim is bound to storage/],
    ['spec.containers[0].securityContext.privileged', one('    securityContext: {privileged: true}\n'), /privileged container/],
    ['spec.hostPID', pod('  hostPID: true\n  containers: [{name: a, image: b}]\n'), /every process of this machine/],
    ['spec.containers[0].volumeDevices', one('    volumeDevices: []\n'), /raw block devices/],
  ])('%s', (path, text, why) => {
    const r = parseManifest(text);
    expect(r.ok).toBe(false);
    const e = (r.ok ? [] : r.errors).find((x) => x.path === path);
    expect(e?.message).toMatch(new RegExp(`^not supported by podlab: ${path.replace(/[[\].]/g, '\\$&')} — `));
    expect(e?.message).toMatch(why);
    // The field once: no list of everything podlab supports.
    expect(e?.message.split(path).length).toBe(2);
  });

  it('calls a field Kubernetes does not know an unknown field, as kubectl does', () => {
    expect(errors(parseManifest(one('    imagePullPolicy: Never\n    colour: red\n')))).toEqual([
      'spec.containers[0].colour: unknown field "spec.containers[0].colour" — Kubernetes would refuse it too (check its spelling and indentation)',
    ]);
  });

  it('accepts any valid namespace and refuses an invalid one', () => {
    const r = parseManifest(pod('  containers: [{name: a, image: b}]\n', 'metadata: {name: x, namespace: kube-system}\n'));
    expect(r.ok && r.pod.namespace).toBe('kube-system');
    expect(parseManifest(pod('  containers: [{name: a, image: b}]\n', 'metadata: {name: x, namespace: default}\n')).ok && true).toBe(true);
    expect(errors(parseManifest(pod('  containers: [{name: a, image: b}]\n', 'metadata: {name: x, namespace: Bad_NS}\n')))[0]).toMatch(/^metadata.namespace: Invalid value: "Bad_NS"/);
  });

  it('makes a name from generateName, as kubectl create does', () => {
    const r = parseManifest(pod('  containers: [{name: a, image: b}]\n', 'metadata: {generateName: web-}\n'));
    expect(r.ok && r.pod.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(r.ok && r.pod.generateName).toBe('web-');
  });

  it('reports every problem at once, each with its path', () => {
    const r = parseManifest(pod('  volumes: [{name: v, nfs: {server: x}}]\n  restartPolicy: Sometimes\n  containers: [{name: A, ports: [{containerPort: 0}]}]\n'));
    expect(errors(r).map((e) => e.split(':')[0])).toEqual([
      'spec.volumes[0].nfs',
      'spec.containers[0].name',
      'spec.containers[0].image',
      'spec.containers[0].ports[0].containerPort',
      'spec.restartPolicy',
    ]);
  });
});
