// The Pod fields beyond podlab's first subset: YAML read as Kubernetes reads it, multi-document files, cluster-only
// fields with one warning each, cross-references naming what is missing, refusals with their reason.
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../shared/manifest/parse';
import { goYamlEscapes } from '../../shared/manifest/yaml';
import type { ParseResult } from '../../shared/manifest/types';

const pod = (spec: string, meta = 'metadata:\n  name: demo\n'): string => `apiVersion: v1\nkind: Pod\n${meta}spec:\n${spec}`;
const errors = (r: ParseResult): string[] => (r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`));
const ok = (r: ParseResult): Extract<ParseResult, { ok: true }> => {
  expect(errors(r)).toEqual([]);
  return r as Extract<ParseResult, { ok: true }>;
};

describe('YAML as go-yaml reads it', () => {
  it("reads \\' inside a double-quoted string as a quote, and nowhere else", () => {
    expect(goYamlEscapes(`a: "x \\'y\\' \\"q\\""\nb: 'it''s \\'`)).toBe(`a: "x 'y' \\"q\\""\nb: 'it''s \\'`);
    const r = ok(parseManifest(pod(`  containers: [{name: a, image: b, command: ["sh", "-c", "echo \\"A=\\'1\\'\\""]}]\n`)));
    expect(r.pod.containers[0].command).toEqual(['sh', '-c', `echo "A='1'"`]);
  });

  it('reads YAML 1.1 octal modes (0644 is 420) and keeps 1.2 decimals', () => {
    const r = ok(parseManifest(pod('  volumes: [{name: c, configMap: {name: x, defaultMode: 0644, optional: true}}]\n  containers: [{name: a, image: b, ports: [{containerPort: 8080}]}]\n')));
    expect(r.pod.volumes?.[0].configMap?.defaultMode).toBe(420);
    expect(r.pod.containers[0].ports[0].containerPort).toBe(8080);
  });
});

describe('multi-document manifests', () => {
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {greeting: hello}\n';
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: aHVudGVyMg==}\n';
  const user = pod('  containers:\n  - name: a\n    image: b\n    env:\n    - {name: G, valueFrom: {configMapKeyRef: {name: cfg, key: greeting}}}\n    - {name: P, valueFrom: {secretKeyRef: {name: s, key: password}}}\n');

  it('takes the Pod with its ConfigMaps and Secrets (Secret data decoded)', () => {
    const r = ok(parseManifest(`${cm}---\n${secret}---\n${user}`));
    expect(r.objects).toEqual([
      { kind: 'ConfigMap', name: 'cfg', data: { greeting: 'hello' } },
      { kind: 'Secret', name: 's', data: { password: 'hunter2' } },
    ]);
  });

  it('refuses a reference to a ConfigMap, Secret or key that is not in the file, naming it', () => {
    expect(errors(parseManifest(`${cm}---\n${user}`))).toEqual([
      'spec.containers[0].env[1].valueFrom.secretKeyRef: Not found: Secret "s" is not in this manifest — add it as another document (--- then kind: Secret), or mark the reference optional: true',
    ]);
    expect(errors(parseManifest(`${cm.replace('greeting', 'other')}---\n${secret}---\n${user}`))[0]).toMatch(/key "greeting" of ConfigMap "cfg"/);
    expect(parseManifest(user.replace('key: password}', 'key: password, optional: true}').replace('key: greeting}', 'key: greeting, optional: true}')).ok).toBe(true);
  });

  it('refuses other kinds with what they would need, and a volumeMount of an undeclared volume', () => {
    expect(errors(parseManifest(`apiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\n${user}`))[0]).toMatch(/^document 1: not supported by podlab: kind "Service" — a Service is programmed by kube-proxy/);
    expect(errors(parseManifest(pod('  containers: [{name: a, image: b, volumeMounts: [{name: data, mountPath: /d}]}]\n')))).toEqual([
      'spec.containers[0].volumeMounts[0].name: Not found: "data" — declare it in spec.volumes',
    ]);
  });
});

describe('scheduling and cluster-only fields', () => {
  it('are accepted with one warning each, saying what a cluster would do', () => {
    const r = ok(
      parseManifest(
        pod('  nodeSelector: {disktype: ssd}\n  tolerations: [{key: k, operator: Exists}]\n  serviceAccountName: build\n  priorityClassName: high\n  containers: [{name: a, image: b}]\n'),
      ),
    );
    expect(r.warnings).toEqual([
      "spec.nodeSelector: a scheduler would place this pod only on a node labelled disktype=ssd; podlab has one node and runs it there without checking node labels",
      "spec.tolerations: tolerations let a scheduler place the pod on tainted nodes; podlab's one node has no taints",
      'spec.priorityClassName: the PriorityClass "high" sets the pod\'s priority for scheduling and preemption; podlab schedules one pod at a time and ignores it',
      'spec.serviceAccountName: the pod would run as ServiceAccount "build" and get its API token; podlab has no API server, so no token is mounted',
    ]);
    expect(r.pod.cluster).toEqual({ nodeSelector: { disktype: 'ssd' }, tolerations: [{ key: 'k', operator: 'Exists' }], priorityClassName: 'high', serviceAccountName: 'build' });
  });

  it('still refuse a wrong shape, with the field path', () => {
    expect(errors(parseManifest(pod('  nodeSelector: [ssd]\n  containers: [{name: a, image: b}]\n')))).toEqual(['spec.nodeSelector: Invalid value: ["ssd"]: must be a map like {disktype: ssd}']);
  });
});

describe('container and pod fields that run', () => {
  it('reads init containers, native sidecars, volumes, env sources, resources, securityContext and probes', () => {
    const r = ok(
      parseManifest(
        pod(
          [
            '  initContainers:',
            '  - {name: init, image: b, command: [sh, -c, "echo hi > /w/x"], volumeMounts: [{name: w, mountPath: /w}]}',
            '  - {name: side, image: b, restartPolicy: Always, readinessProbe: {tcpSocket: {port: 80}}}',
            '  volumes: [{name: w, emptyDir: {medium: Memory}}]',
            '  securityContext: {runAsUser: 1000, fsGroup: 2000}',
            '  hostAliases: [{ip: 127.0.0.1, hostnames: [foo.local]}]',
            '  containers:',
            '  - name: a',
            '    image: b',
            '    env: [{name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]',
            '    resources: {limits: {memory: 64Mi, cpu: 250m}, requests: {cpu: 100m}}',
            '    securityContext: {capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}',
            '    livenessProbe: {exec: {command: [cat, /tmp/ok]}, periodSeconds: 2}',
          ].join('\n') + '\n',
        ),
      ),
    );
    expect(r.pod.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([['init', undefined], ['side', 'Always']]);
    expect(r.pod.volumes).toEqual([{ name: 'w', emptyDir: { medium: 'Memory' } }]);
    expect(r.pod.containers[0].env).toEqual([{ name: 'IP', value: '', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]);
    expect(r.pod.containers[0].resources).toEqual({ limits: { memory: '64Mi', cpu: '250m' }, requests: { cpu: '100m' } });
    expect(r.pod.containers[0].livenessProbe).toEqual({ exec: { command: ['cat', '/tmp/ok'] }, periodSeconds: 2 });
  });

  it('refuses what Kubernetes refuses: probes on plain init containers, requests above limits, two probe handlers', () => {
    expect(errors(parseManifest(pod('  initContainers: [{name: i, image: b, livenessProbe: {exec: {command: [x]}}}]\n  containers: [{name: a, image: b}]\n')))[0]).toMatch(
      /^spec.initContainers\[0\].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always/,
    );
    expect(errors(parseManifest(pod('  containers: [{name: a, image: b, resources: {limits: {cpu: 100m}, requests: {cpu: 200m}}}]\n')))[0]).toMatch(
      /requests\[cpu\]: Invalid value: "200m": must be less than or equal to cpu limit of 100m/,
    );
    expect(errors(parseManifest(pod('  containers: [{name: a, image: b, readinessProbe: {exec: {command: [x]}, tcpSocket: {port: 1}}}]\n')))[0]).toMatch(/may not specify more than 1 handler type/);
  });
});

describe('the pod box draws init containers, native sidecars and volumes', () => {
  it('shows each init container with its place, the sidecar tag, and which containers share each volume', async () => {
    const { renderTopologySvg, volumeLines } = await import('../../shared/render/topology');
    const { samplePod, sampleModel } = await import('./topology.fixture');
    const base = samplePod(1);
    const pod = {
      ...base,
      initContainers: [{ ...base.containers[0], name: 'writer', state: 'exited' as const, exitCode: 0, reason: 'Completed' as const, mounts: [{ volume: 'content', path: '/c', readOnly: false }] }],
      containers: [
        { ...base.containers[0], name: 'web', sidecar: true, mounts: [{ volume: 'content', path: '/c', readOnly: true }] },
        { ...base.containers[0], name: 'app' },
      ],
      volumes: [{ name: 'content', type: 'emptyDir' }],
    };
    expect(volumeLines(pod)).toEqual(['▤ volumes: content · emptyDir ← writer, web']);
    const svg = renderTopologySvg(sampleModel([pod]));
    expect(svg).toContain('init 1: writer');
    expect(svg).toContain('web (sidecar)');
    expect(svg).toContain('data-role="init"');
    expect(svg).toContain('▤ volumes: content · emptyDir ← writer, web');
  });
});

describe('imagePullPolicy', () => {
  it('pulls Always images even when present, refuses a missing Never image before anything is created', async () => {
    const { pullPolicyImages } = await import('../../electron/engine/pods/launch');
    const r = ok(parseManifest(pod('  containers:\n  - {name: a, image: x:1, imagePullPolicy: Always}\n  - {name: b, image: y:1, imagePullPolicy: Never}\n  - {name: c, image: z:1}\n')));
    expect(pullPolicyImages(r.pod, ['z:1'])).toEqual(['z:1', 'x:1']);
    expect(() => pullPolicyImages(r.pod, ['y:1'])).toThrow(/ErrImageNeverPull: image y:1 of container b is not present/);
  });
});
