// A file with several Pods (kubectl apply -f): each Pod gets its own manifest text with every ConfigMap/Secret of
// the file; one-Pod callers still refuse it naming the Pods; DRA claim documents are accepted with a warning.
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../shared/manifest/parse';
import { splitPodTexts } from '../../shared/manifest/multi';
import { rangeOfPath } from '../../shared/manifest/lines';

const podDoc = (name: string, extra = ''): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: busybox\n${extra}`;
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  mode: "0644"\n';
const envFromCm = '    envFrom:\n    - configMapRef:\n        name: cfg\n';

describe('splitPodTexts', () => {
  it('is null for one Pod, no Pod and unreadable text (the one-Pod parser explains those)', () => {
    expect(splitPodTexts(podDoc('a'))).toBeNull();
    expect(splitPodTexts(cm)).toBeNull();
    expect(splitPodTexts('a: [1')).toBeNull();
  });

  it('gives each Pod its own manifest with the ConfigMap of the file, in file order', () => {
    const text = `${podDoc('a', envFromCm)}---\n${cm}---\n${podDoc('b', '    volumeMounts: [{name: v, mountPath: /v}]\n  volumes: [{name: v, configMap: {name: cfg, defaultMode: 0644}}]\n')}`;
    const pods = splitPodTexts(text);
    expect(pods?.map((p) => p.name)).toEqual(['a', 'b']);
    const parsed = pods!.map((p) => parseManifest(p.text));
    expect(parsed.map((r) => (r.ok ? r.pod.name : r.errors))).toEqual(['a', 'b']);
    for (const r of parsed) expect(r.ok && r.objects?.map((o) => `${o.kind}/${o.name}`)).toEqual(['ConfigMap/cfg']);
    // YAML 1.1's octal as go-yaml reads it survives the re-writing (420, not 644).
    const b = parsed[1]!;
    expect(b.ok && b.pod.volumes?.[0]?.configMap?.defaultMode).toBe(420);
  });

  it('leaves one-Pod callers a refusal that names the Pods and where to launch them', () => {
    const r = parseManifest(`${podDoc('a')}---\n${podDoc('b')}`);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.errors[0]!.message).toMatch(/holds 2 Pods \(a, b\); one launch request makes one Pod — `podlab launch FILE` and the launch dialog launch each/);
  });
});

describe('DRA claim documents beside a Pod', () => {
  it('are accepted with a warning saying what a cluster would allocate', () => {
    const claim = 'apiVersion: resource.k8s.io/v1\nkind: ResourceClaim\nmetadata:\n  name: gpu-claim\nspec: {}\n';
    const r = parseManifest(`${claim}---\n${podDoc('gpu', '  resourceClaims: [{name: g, resourceClaimName: gpu-claim}]\n')}`);
    expect(r.ok).toBe(true);
    expect(r.warnings.join('\n')).toMatch(/document 1 \(ResourceClaim gpu-claim\): a cluster's DRA driver would allocate a device/);
  });

  it('other cluster kinds stay refused', () => {
    const r = parseManifest(`apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n${podDoc('a')}`);
    expect(r.ok ? '' : r.errors[0]!.message).toMatch(/kind "Service" — a Service is programmed by kube-proxy/);
  });
});

describe('Windows paths', () => {
  it('are refused with the reason, not only "must be an absolute path"', () => {
    const r = parseManifest(podDoc('w', '    volumeMounts: [{name: v, mountPath: "C:/scratch"}]\n  volumes: [{name: v, emptyDir: {}}]\n'));
    expect(r.ok ? '' : r.errors[0]!.message).toMatch(/"C:\/scratch": is a Windows path: a cluster would run this pod on a Windows node/);
  });
});

describe('rangeOfPath with a document', () => {
  it('marks the field in the document named, not in the first Pod', () => {
    const text = `${podDoc('a')}---\n${cm}---\n${podDoc('b')}`;
    const line = text.split('\n').findIndex((l, i) => i > 10 && l.includes('image: busybox')) + 1;
    expect(rangeOfPath(text, 'document 3: spec.containers[0].image')?.line).toBe(line);
    expect(rangeOfPath(text, 'spec.containers[0].image')?.line).toBe(8); // without a document: the first Pod
  });
});
