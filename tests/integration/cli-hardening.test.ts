// Small CLI behaviours from the hardening review, through the built bin/podlab: an invalid image reference exits 2
// with its field path before anything is created, `serve --help` exits 0, and a file named like a template is
// launched as the file (and podlab says so). None of these create containers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, podlab, PODLAB, tempDir } from './helpers';

const tmp = tempDir();
beforeAll(() => ensureCliBuilt());
afterAll(() => tmp.remove());

const badImagePod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: h15-cli\nspec:\n  containers:\n    - name: web\n      image: "busy box"\n';

describe('CLI hardening', () => {
  it('launch with image "busy box" exits 2 with the field path and what to write', async () => {
    const r = await podlab(['launch', tmp.write('bad-image.yaml', badImagePod)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('spec.containers[0].image: Invalid value: "busy box": invalid reference format');
    expect(r.stderr).toMatch(/e\.g\. "busybox:1\.36"/);
    expect(r.stderr).not.toMatch(/TypeError|at .*\.cjs/);
  });

  it('add --image with an invalid reference exits 2 before it looks for the pod', async () => {
    const r = await podlab(['add', 'h15-nowhere', 'extra', '--image', 'Busy Box']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid --image "Busy Box": invalid reference format/);
  });

  it('serve --help prints the usage and exits 0', async () => {
    const r = await podlab(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: podlab serve \[--host H\] \[--port P\]/);
  });

  it('a file named like a template is the one launched, and podlab says so', async () => {
    tmp.write('web-sidecar', badImagePod);
    const { execFile } = await import('node:child_process');
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(PODLAB, ['launch', 'web-sidecar'], { cwd: tmp.dir }, (err, _o, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stderr: String(stderr) }),
      ),
    );
    // The file's invalid image proves the file was read (the template would have launched).
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"web-sidecar" is a file here and also a built-in template\'s name; launching the file');
    expect(r.stderr).toContain('"busy box"');
  });
});
