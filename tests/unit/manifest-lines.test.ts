// Validation issues land on the line of their field path in the manifest editor.
import { describe, expect, it } from 'vitest';
import { pathSegments, rangeOfPath, warningPath } from '../../shared/manifest/lines';

const yaml = [
  'apiVersion: v1', // 1
  'kind: Pod', // 2
  'metadata:', // 3
  '  name: Bad_Name', // 4
  'spec:', // 5
  '  containers:', // 6
  '  - name: web', // 7
  '    image: busybox', // 8
  '    ports:', // 9
  '    - containerPort: 80', // 10
  '  - name: web-2', // 11
  '    image: busybox', // 12
  '    ports:', // 13
  '    - containerPort: 80', // 14
].join('\n');

describe('manifest issue lines', () => {
  it('splits field paths', () => {
    expect(pathSegments('spec.containers[1].ports[0].hostPort')).toEqual(['spec', 'containers', 1, 'ports', 0, 'hostPort']);
    expect(pathSegments('metadata.name')).toEqual(['metadata', 'name']);
  });

  it('finds the line of a field, or of its nearest parent when the field is missing', () => {
    expect(rangeOfPath(yaml, 'metadata.name')?.line).toBe(4);
    expect(rangeOfPath(yaml, 'spec.containers[1].ports[0]')?.line).toBe(14);
    expect(rangeOfPath(yaml, 'spec.containers[1].ports[0].hostPort')?.line).toBe(14);
    expect(rangeOfPath(yaml, 'spec.containers[1].image')?.line).toBe(12);
    expect(rangeOfPath(yaml, 'spec.nodeName')?.line).toBe(6); // no such field: spec's own node starts at line 6
    const r = rangeOfPath(yaml, 'metadata.name')!;
    expect(yaml.slice(r.from, r.to)).toBe('Bad_Name');
  });

  it('reads JSON manifests and the Pod document of a multi-document file', () => {
    const json = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {\n    "name": "Bad_Name"\n  }\n}';
    expect(rangeOfPath(json, 'metadata.name')?.line).toBe(5);
    const multi = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n---\n${yaml}`;
    expect(rangeOfPath(multi, 'metadata.name')?.line).toBe(8);
  });

  it('takes the path a warning starts with', () => {
    expect(warningPath('spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]')).toBe('spec.containers[1].ports[0]');
    expect(warningPath('podlab predicts: web-2 and web will both listen on 80/tcp')).toBeNull();
  });
});
