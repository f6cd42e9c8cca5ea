// The report's "reproduce by hand" lines with hostile names from a snapshot file (the UI opens untrusted snapshots):
// the lines are run by a real POSIX sh (dash) with `docker` replaced by a function that records its argv. Nothing
// the names say may run, and every name must reach docker as the one word it was.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../shared/render/markdown';
import { readSnapshot } from '../../shared/snapshot/read';
import type { PodManifest } from '../../shared/manifest/manifest';
import type { Snapshot } from '../../shared/model';
import { before } from './fixtures/snapshot-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'h15-quote-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const marker = join(dir, 'pwned');

const HOSTILE = [`web$(touch ${marker})`, `a'b\`touch ${marker}\``, `x;touch ${marker}`, `new\ntouch ${marker}\n#`, `"$(touch ${marker})"`, '*', '-rf', ' '];

/** Hostile pod, container, image names and host IP; the launch manifest (whose names must be valid) carries hostile
 * commands, args and env values. */
function hostileSnapshot(name: string): Snapshot {
  const pod = { ...before.pods[0], name, ports: [{ hostIp: `127.0.0.1;touch ${marker};`, hostPort: 8080, containerPort: 80, protocol: 'tcp' as const }] };
  const apps = pod.containers.map((c) => c.name);
  pod.containers = pod.containers.map((c, i) => ({ ...c, name: i === 0 ? c.name : `${c.name}${name}`, image: `busybox${name}` }));
  const manifest: PodManifest = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
    spec: { restartPolicy: 'Always', containers: apps.map((c) => ({ name: c, image: 'busybox', command: [`sh${name}`, '-c'], args: [`echo ${name}`], env: [{ name: 'E', value: name }] })) },
  };
  return { ...before, pods: [pod], manifests: { [name]: manifest } };
}

/** Runs the report's sh block with a recording `docker`; returns each call's argv. */
function runBlock(md: string): string[][] {
  const block = /```sh\n([\s\S]*?)\n```/.exec(md)?.[1] ?? '';
  expect(block).toContain('docker run');
  const script = join(dir, 'run.sh');
  const record = join(dir, 'argv');
  writeFileSync(record, '');
  writeFileSync(script, `docker() { for a in "$@"; do printf '%s\\0' "$a"; done >> '${record}'; printf '\\1' >> '${record}'; }\n${block}\n`);
  execFileSync('/bin/sh', [script], { cwd: dir, timeout: 10_000 });
  return readFileSync(record, 'latin1').split('\u0001').filter(Boolean).map((call) => call.split('\u0000').slice(0, -1));
}

describe('docker run lines with hostile names', () => {
  it.each(HOSTILE.map((n, i) => [JSON.stringify(n), n, i] as const))('%s runs nothing and stays one word', (_label, name, i) => {
    const file = join(dir, `snap-${i}.json`);
    writeFileSync(file, JSON.stringify(hostileSnapshot(name)));
    const read = readSnapshot(readFileSync(file, 'utf8'), file);
    expect(read.ok, read.ok ? '' : read.error).toBe(true);
    if (!read.ok) return;
    const calls = runBlock(renderMarkdown(read.snapshot));
    expect(existsSync(marker)).toBe(false);
    const [sandbox, ...apps] = calls;
    expect(sandbox.slice(0, 4)).toEqual(['run', '-d', '--name', `k8s_POD_${name}_default_manual_0`]);
    expect(sandbox).toContain(`127.0.0.1;touch ${marker};:8080:80/tcp`);
    expect(apps).toHaveLength(2);
    // The first container's name matches the manifest, so its command, args and env come from it.
    expect(apps[0].slice(apps[0].indexOf('-e'))).toEqual(['-e', `E=${name}`, '--entrypoint', `sh${name}`, `busybox${name}`, '-c', `echo ${name}`]);
    expect(apps[1][3]).toBe(`k8s_sidecar${name}_${name}_default_manual_0`);
    expect(apps[1].at(-1)).toBe(`busybox${name}`);
  });
});
