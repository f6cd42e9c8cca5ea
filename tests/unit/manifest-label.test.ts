// How podlab stores a launched manifest on its containers (electron/engine/pods/spec.ts) and sends create options
// (runtime/docker/create-call.ts): small manifests stay plain JSON, large ones are gzipped so any accepted manifest fits, old
// plain labels still read, a forged gzip bomb reads as nothing, and create options travel in the body, not the URL.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bodyOnly } from '../../electron/engine/runtime/docker/create-call';
import { containerOrderFromLabels } from '../../electron/engine/pods/label-json';
import { manifestLabel, packLabel, PLAIN_LABEL_MAX, podSpecFromLabels, unpackLabel } from '../../electron/engine/pods/spec';
import type { PodSpec } from '../../shared/manifest/types';

const small: PodSpec = { name: 'web', labels: {}, restartPolicy: 'Always', shareProcessNamespace: false, containers: [{ name: 'web', image: 'busybox', ports: [] }] };
const noise = (n: number): string => Array.from({ length: n }, (_, i) => ((i * 2654435761) >>> 7).toString(36).slice(-1)).join('');
const large: PodSpec = { ...small, containers: [{ ...small.containers[0], env: [0, 1, 2].map((i) => ({ name: `BIG${i}`, value: noise(80_000) })) }] };

describe('manifest labels', () => {
  it('a small manifest stays plain JSON, as older podlab wrote it', () => {
    const label = manifestLabel(small);
    expect(label.length).toBeLessThanOrEqual(PLAIN_LABEL_MAX);
    expect(JSON.parse(label).metadata.name).toBe('web');
    expect(podSpecFromLabels({ 'io.podlab.manifest': label })).toEqual(small);
  });

  it('a large manifest is stored gzipped and reads back the same', () => {
    const label = manifestLabel(large);
    expect(label.startsWith('gz:')).toBe(true);
    expect(label.length).toBeLessThan(JSON.stringify(large).length);
    expect(podSpecFromLabels({ 'io.podlab.manifest': label })).toEqual(large);
  });

  it('a forged gzip bomb or broken label reads as nothing', () => {
    const bomb = 'gz:' + gzipSync(Buffer.alloc(64 * 1024 * 1024, 32)).toString('base64');
    expect(unpackLabel(bomb)).toBeNull();
    expect(unpackLabel('gz:not-base64-gzip')).toBeNull();
    expect(unpackLabel(packLabel({ a: 1 }))).toEqual({ a: 1 });
  });
});

describe("exec's container order from the label (no manifest validator loaded)", () => {
  const pod: PodSpec = { ...small, annotations: { 'kubectl.kubernetes.io/default-container': 'side' }, containers: [small.containers[0]!, { name: 'side', image: 'busybox', ports: [] }] };

  it('reads the containers in manifest order and the default-container annotation, plain or gzipped', () => {
    expect(containerOrderFromLabels({ 'io.podlab.manifest': manifestLabel(pod) })).toEqual({ names: ['web', 'side'], defaultName: 'side' });
    const big: PodSpec = { ...pod, containers: [large.containers[0]!, pod.containers[1]!] };
    expect(manifestLabel(big).startsWith('gz:')).toBe(true);
    expect(containerOrderFromLabels({ 'io.podlab.manifest': manifestLabel(big) })).toEqual({ names: ['web', 'side'], defaultName: 'side' });
    expect(containerOrderFromLabels({ 'io.podlab.manifest': manifestLabel(small) })).toEqual({ names: ['web'], defaultName: null });
  });

  it('a missing or malformed label gives no order and no default, never a throw', () => {
    expect(containerOrderFromLabels(undefined)).toEqual({ names: [], defaultName: null });
    expect(containerOrderFromLabels({ 'io.podlab.manifest': '{"spec":{"containers":[{"name":7},null,"x",{"name":"ok"}]},"metadata":{"annotations":{"kubectl.kubernetes.io/default-container":["web"]}}}' })).toEqual({ names: ['ok'], defaultName: null });
    expect(containerOrderFromLabels({ 'io.podlab.manifest': '{"spec":{"containers":"web"}}' })).toEqual({ names: [], defaultName: null });
  });
});

describe('create options', () => {
  it('only the name goes into the query string; the labels go into the body', () => {
    const sent = bodyOnly({ name: 'k8s_POD_web_default_u_0', Image: 'pause', Labels: { big: 'x'.repeat(10) } }) as Record<string, unknown>;
    expect(sent._query).toEqual({ name: 'k8s_POD_web_default_u_0' });
    expect(sent._body).toEqual({ Image: 'pause', Labels: { big: 'x'.repeat(10) } });
  });
});
