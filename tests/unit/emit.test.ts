// emitManifest: the YAML is a v1 Pod that parseManifest reads back to the same spec, without podlab-only keys;
// specFromModel rebuilds a usable spec from a live pod.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanSpec, emitManifest, specFromModel } from '../../shared/manifest/emit';
import { parseManifest } from '../../shared/manifest/parse';
import type { PodSpec } from '../../shared/manifest/types';
import { webSidecar } from './fixtures/snapshot-fixtures';

const spec: PodSpec = {
  name: 'web-sidecar',
  labels: { app: 'web', 'io.podlab.pod': 'web-sidecar', 'io.podlab.template': 'web-sidecar' },
  annotations: { 'podlab/note': 'x', 'example.com/owner': 'lab-3' },
  restartPolicy: 'Always',
  shareProcessNamespace: true,
  hostname: 'front',
  containers: [
    {
      name: 'web', image: 'podlab-test/demo:local', command: ['httpd', '-f', '-p', '80', '-h', '/www'],
      ports: [{ containerPort: 80, hostPort: 8080, hostIP: '127.0.0.1', protocol: 'tcp', name: 'http' }],
    },
    { name: 'dns', image: 'podlab-test/demo:local', command: ['/bin/udp-listen', '53'], env: [{ name: 'MODE', value: 'echo: "yes"' }], ports: [{ containerPort: 53, protocol: 'udp' }] },
    { name: 'sidecar', image: 'podlab-test/demo:local', command: ['sh', '-c'], args: ['while true; do wget -qO- http://127.0.0.1:80/ >/dev/null; sleep 5; done'], ports: [] },
  ],
};

describe('emitManifest', () => {
  const yaml = emitManifest(spec, { comment: ['exported by podlab from pod web-sidecar', ''] });

  it('writes a Kubernetes v1 Pod with upper-case protocols and no podlab-only keys', () => {
    const doc = parse(yaml) as Record<string, unknown>;
    expect(doc.apiVersion).toBe('v1');
    expect(doc.kind).toBe('Pod');
    expect(yaml).not.toContain('io.podlab');
    expect(yaml).not.toContain('podlab/note');
    expect(yaml).toContain('protocol: UDP');
    expect(yaml).toContain('protocol: TCP');
    expect(yaml.startsWith('# exported by podlab from pod web-sidecar\n#\n')).toBe(true);
  });

  it('reads back through parseManifest to the same pod', () => {
    const r = parseManifest(yaml);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (r.ok) expect(r.pod).toEqual(cleanSpec(spec));
  });

  it('rebuilds a launchable spec from a live pod model', () => {
    const s = specFromModel(webSidecar);
    expect(s.containers.map((c) => [c.name, c.image])).toEqual([['web', 'busybox'], ['sidecar', 'busybox']]);
    expect(s.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'tcp', name: 'http', hostPort: 8080 }]);
    const r = parseManifest(emitManifest(s));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.pod.containers[0].ports[0].hostPort).toBe(8080);
  });
});
