// The Kubernetes documentation's Pod examples (tests/fixtures/k8s-examples, CC BY 4.0): each is validated as
// `podlab launch` validates it (nothing is launched). At least 9 in 10 must be accepted; the refused ones are listed
// with their reasons, so a regression names the file and the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest, validatePodObject } from '../../shared/manifest/parse';
import { podToManifest } from '../../shared/manifest/manifest';
import { splitPodTexts } from '../../shared/manifest/multi';
import type { ParseResult } from '../../shared/manifest/types';

const DIR = join(__dirname, '..', 'fixtures', 'k8s-examples');

/** ConfigMaps/Secrets the documentation has the reader apply before these Pods (`kubectl apply -f a -f b`). */
const COMPANIONS: Record<string, string[]> = {
  'pods/inject/envFrom.yaml': ['pods/inject/configmap-envFrom.yaml'],
  'pods/inject/secret-pod.yaml': ['pods/inject/secret.yaml'],
  'pods/inject/secret-envars-pod.yaml': ['pods/inject/secret.yaml'],
  'pods/inject/pod-secret-envFrom.yaml': ['pods/inject/secret.yaml'],
  'pods/pod-configmap-envFrom.yaml': ['configmap/configmaps.yaml'],
  'pods/pod-configmap-volume.yaml': ['configmap/configmaps.yaml'],
  'pods/pod-multiple-configmap-env-variable.yaml': ['configmap/configmaps.yaml'],
  'pods/pod-single-configmap-env-variable.yaml': ['configmap/configmaps.yaml'],
  'admin/logging/two-files-counter-pod-agent-sidecar.yaml': ['admin/logging/fluentd-sidecar-config.yaml'],
  'pods/config/redis-pod.yaml': ['pods/config/example-redis-config.yaml'],
  'pods/pod-configmap-env-var-valueFrom.yaml': ['configmap/configmap-multikeys.yaml'],
  'pods/pod-configmap-volume-specific-key.yaml': ['configmap/configmap-multikeys.yaml'],
  // Objects the documentation makes with `kubectl create`, written out by podlab (companions/README.md).
  'configmap/configure-pod.yaml': ['companions/game-demo.yaml'],
  'pods/storage/projected.yaml': ['companions/user-pass.yaml'],
  'pods/storage/projected-secret-downwardapi-configmap.yaml': ['companions/mysecret-myconfigmap.yaml'],
  'pods/storage/projected-secrets-nondefault-permission-mode.yaml': ['companions/mysecret-myconfigmap.yaml'],
  'configmap/env-configmap.yaml': ['companions/myconfigmap.yaml'],
  // The Windows guide reads the test-secret of "Distribute credentials securely using Secrets".
  'windows/secret-pod.yaml': ['pods/inject/secret.yaml'],
};

const read = (f: string): string => readFileSync(join(DIR, f), 'utf8');
const files = read('SOURCES.tsv')
  .split('\n')
  .filter(Boolean)
  .map((l) => l.split('\t')[0])
  .filter((f) => /kind:\s*"?Pod"?/.test(read(f)));

/** Each Pod of the file as `podlab launch FILE` validates it: a file with several Pods launches them all, or none. */
function parseFile(f: string): ParseResult[] {
  const text = [...(COMPANIONS[f] ?? []).map(read), read(f)].join('\n---\n');
  return (splitPodTexts(text) ?? [{ name: '', text }]).map((p) => parseManifest(p.text));
}

describe('the Kubernetes documentation Pod examples', () => {
  it('are accepted 9 times in 10 or more', () => {
    const refused: string[] = [];
    for (const f of files) {
      const bad = parseFile(f).flatMap((r) => (r.ok ? [] : r.errors));
      if (bad.length) refused.push(`${f}:\n${bad.map((e) => `    ${e.path ? `${e.path}: ` : ''}${e.message}`).join('\n')}`);
    }
    const accepted = files.length - refused.length;
    console.log(`k8s-examples: ${accepted} of ${files.length} Pod examples accepted (${((100 * accepted) / files.length).toFixed(1)}%)`);
    if (refused.length) console.log(`refused:\n  ${refused.join('\n  ')}`);
    expect(files.length).toBeGreaterThanOrEqual(100);
    expect(accepted / files.length, `refused:\n${refused.join('\n')}`).toBeGreaterThanOrEqual(0.9);
  });

  it('come back unchanged through export (podToManifest) — what podlab stores and `podlab export` prints', () => {
    let checked = 0;
    for (const f of files) {
      for (const r of parseFile(f)) {
        if (!r.ok) continue;
        const again = validatePodObject(JSON.parse(JSON.stringify(podToManifest(r.pod))), r.objects ?? []);
        expect(again.ok ? again.pod : again.errors, f).toEqual(r.pod);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
