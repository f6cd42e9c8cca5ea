// renderMarkdown and dockerRunCommands on hand-written snapshots: every section a report needs, safe table cells,
// and docker run lines that follow the kubelet's recipe (ports on the sandbox only, container: joins).
import { describe, expect, it } from 'vitest';
import { cell, renderMarkdown } from '../../shared/render/markdown';
import { dockerRunCommands, shellQuote } from '../../shared/render/docker-run';
import type { PodSpec } from '../../shared/manifest/types';
import { podToManifest } from '../../shared/manifest/manifest';
import { before, portConflict, webSidecar } from './fixtures/snapshot-fixtures';

const spec: PodSpec = {
  name: 'web-sidecar', labels: {}, restartPolicy: 'Always', shareProcessNamespace: false,
  containers: [
    { name: 'web', image: 'busybox', command: ['httpd', '-f', '-p', '80', '-h', '/www'], ports: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }] },
    { name: 'sidecar', image: 'busybox', command: ['sh', '-c'], args: ["while true; do wget -qO- http://127.0.0.1:80/ && echo 'ok'; sleep 5; done"], env: [{ name: 'TARGET', value: 'localhost' }], ports: [] },
  ],
};

describe('renderMarkdown', () => {
  const md = renderMarkdown(before, { specs: { 'web-sidecar': spec } });

  it('has a header with capture time, engine and schema', () => {
    expect(md.startsWith('# podlab network snapshot\n')).toBe(true);
    expect(md).toContain('Captured: **2026-11-26T20:03:00.000Z**');
    expect(md).toContain('Docker 20.10.24+dfsg1, API 1.41, linux at `unix:///var/run/docker.sock`');
    expect(md).toContain('`podlab.snapshot/v1`');
  });

  it('has host bridge and veth tables', () => {
    expect(md).toContain('| docker0 | 172.17.0.0/16 | 172.17.0.1 | 3 | 02:42:5e:6f:70:81 |');
    expect(md).toContain('| veth1a2b3c4 | 13 | 12 | docker0 | web-sidecar |');
    expect(md).toContain('| vethabc0001 | 9 | 8 | docker0 | (not a podlab pod) |');
  });

  it('has the pods table with name, IP, netns, veth and ports', () => {
    expect(md).toContain('| web-sidecar | Running | 172.17.0.2 | 02:42:ac:11:00:02 | net:[4026532184] | veth1a2b3c4 | web (running), sidecar (running) | 0.0.0.0:8080→80/tcp |');
  });

  it('has interfaces, listening sockets with owners, containers with restart state, conflicts with explanations', () => {
    expect(md).toContain('| eth0 | 12 | 13 | 02:42:ac:11:00:02 | 1500 | 172.17.0.2/16 |');
    expect(md).toContain('| tcp | 0.0.0.0 | 80 | web | httpd | 41302 |');
    expect(md).toContain('| web-2 | busybox | exited, exit 1, next restart 2026-11-26T20:03:40.000Z | 3 | CrashLoopBackOff | — | httpd: bind: Address already in use |');
    expect(md).toContain('## Conflicts');
    expect(md.split('duplicate port definition').length - 1).toBe(2); // summary + pod section, never twice in one line
    expect(md).toContain("port 80/tcp is already in use in this pod's network namespace net:[4026532290] — held by container web (httpd, pid 41560). In Kubernetes: CrashLoopBackOff");
  });

  it('lists pod events and warns when host facts could not be read', () => {
    expect(md).toContain('| 2026-11-26T20:01:01.500Z | Normal | SandboxReady | — | sandbox started with IP 172.17.0.2 |');
    expect(md).not.toContain('host facts could not be read');
    const warn = renderMarkdown({ ...before, engine: { ...before.engine, probeError: 'permission denied reading /proc/41210/ns/net' } });
    expect(warn).toContain('host facts could not be read (permission denied reading /proc/41210/ns/net)');
  });

  it('gives docker run lines per pod', () => {
    expect(md).toContain('docker run -d --name k8s_POD_web-sidecar_default_manual_0 --hostname web-sidecar --ipc shareable -p 8080:80/tcp registry.k8s.io/pause:3.10');
    expect(md).toContain('docker run -d --name k8s_web_web-sidecar_default_manual_0 --network container:k8s_POD_web-sidecar_default_manual_0 --ipc container:k8s_POD_web-sidecar_default_manual_0 --entrypoint httpd busybox -f -p 80 -h /www');
    expect(md).toContain('```sh');
  });

  it('does not repeat the Kubernetes sentence when the message already has it', () => {
    const c = portConflict.conflicts[0];
    const pod = { ...portConflict, conflicts: [{ ...c, message: `${c.message} ${c.kubernetes ?? ''}` }] };
    const text = renderMarkdown({ ...before, pods: [pod] });
    expect(text.split('the API server would have warned').length - 1).toBe(2);
  });

  it('takes the docker run commands from the snapshot\'s own manifests', () => {
    const fromFile = renderMarkdown({ ...before, manifests: { 'web-sidecar': podToManifest(spec) } });
    expect(fromFile).toContain('--entrypoint httpd busybox -f -p 80 -h /www');
    expect(fromFile).toContain('-e TARGET=localhost --entrypoint sh busybox -c');
  });

  it('says when no pods are running', () => {
    expect(renderMarkdown({ ...before, pods: [] })).toContain('No podlab pods were running');
  });

  it('keeps tables intact when values hold pipes or newlines', () => {
    expect(cell('a|b\nc')).toBe('a\\|b<br>c');
    expect(cell(null)).toBe('—');
  });
});

describe('dockerRunCommands', () => {
  it('publishes ports on the sandbox only, joins apps with container: modes, quotes args, passes env', () => {
    const lines = dockerRunCommands(webSidecar, spec).filter((l) => !l.startsWith('#'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/--ipc shareable -p 8080:80\/tcp/);
    for (const l of lines.slice(1)) {
      const flags = l.split(' busybox')[0]; // docker's own flags, before the image and its arguments
      expect(flags).not.toMatch(/ -p /);
      expect(flags).not.toContain('--hostname');
      expect(flags).not.toContain('--pid');
    }
    expect(lines[2]).toBe(
      "docker run -d --name k8s_sidecar_web-sidecar_default_manual_0 --network container:k8s_POD_web-sidecar_default_manual_0 --ipc container:k8s_POD_web-sidecar_default_manual_0 -e TARGET=localhost --entrypoint sh busybox -c 'while true; do wget -qO- http://127.0.0.1:80/ && echo '\\''ok'\\''; sleep 5; done'",
    );
  });

  it('shares the PID namespace when shareProcessNamespace is set, and says when commands are unknown', () => {
    const lines = dockerRunCommands(portConflict);
    expect(lines.some((l) => l.includes('manifest is not in this snapshot'))).toBe(true);
    const apps = lines.filter((l) => l.startsWith('docker run') && l.includes('--network'));
    expect(apps).toHaveLength(2);
    for (const l of apps) expect(l).toContain('--pid container:k8s_POD_port-conflict_default_manual_0');
  });

  it('quotes only when needed', () => {
    expect(shellQuote('/www')).toBe('/www');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('')).toBe("''");
  });
});
