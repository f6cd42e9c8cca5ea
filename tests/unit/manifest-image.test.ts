// Image references are checked like the engine checks them (shared/manifest/image.ts): what docker accepts passes,
// "busy box" and "BusyBox" are refused at validation with the field path and what to write instead.
import { describe, expect, it } from 'vitest';
import { imageReferenceError } from '../../shared/manifest/image';
import { parseManifest } from '../../shared/manifest/parse';

const pod = (image: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: ${JSON.stringify(image)}\n`;

describe('image references', () => {
  it.each([
    'busybox', 'busybox:1.36', 'registry.k8s.io/pause:3.10', 'localhost:5000/team/app:v1.2-rc_3', 'podlab-test/demo:local', 'a__b/c---d.e',
    `ubuntu@sha256:${'a'.repeat(64)}`, `ubuntu:22.04@sha256:${'0'.repeat(64)}`, '[::1]:5000/x', 'Registry.Example.COM/x',
  ])('accepts %s', (ref) => {
    expect(imageReferenceError(ref)).toBeNull();
    expect(parseManifest(pod(ref)).ok).toBe(true);
  });

  it.each([['busy box', /invalid reference format/], ['BusyBox', /must be lowercase/], ['a:b:c', /invalid reference/], [':tag', /invalid/], ['x/', /invalid/], ['-x', /invalid/],
    ['x@sha256:abc', /invalid/], [`${'a'.repeat(256)}`, /not be more than 255/], ['x:' + 't'.repeat(129), /invalid/]])('refuses %j', (ref, why) => {
    expect(imageReferenceError(ref)).toMatch(why);
  });

  it('a manifest with "busy box" is refused with the field path, the engine\'s words and an example', () => {
    const r = parseManifest(pod('busy box'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([{ path: 'spec.containers[0].image', message: expect.stringMatching(/^Invalid value: "busy box": invalid reference format — an image is .*e\.g\. "busybox:1\.36".*InvalidImageName/) }]);
  });
});
