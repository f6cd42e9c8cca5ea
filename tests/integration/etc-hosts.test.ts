// The pod's /etc/hosts on Docker and on a private containerd through the CRI (backends.ts): hostAliases and the pod's
// FQDN (<hostname>.<subdomain>.<namespace>.svc.cluster.local) resolve in app, init and ephemeral containers on both — one body.
// On the CRI podlab writes the file as the kubelet does (its exact text), keeps it in the pod's state directory,
// re-writes it with the new IP after SandboxChanged, writes the node's file for hostNetwork, and removes it with the pod.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import { Kubelet } from '../../electron/engine/kubelet/manager';
import { killSandbox } from '../../electron/engine/pods/lifecycle';
import { LABEL_POD, LABEL_ROLE } from '../../electron/engine/runtime/vocabulary';
import type { PodModel } from '../../shared/model';
import { availableBackends, type BackendEngine } from './backends';
import { podManifest, podlab, tempDir, uniqueName, until } from './helpers';
import { podOf, onBackend } from './manifest-pods';

const SLEEP = ['sh', '-c', 'exec sleep 3600'];
const ALIASES = [
  { ip: '127.0.0.1', hostnames: ['foo.local', 'bar.local'] },
  { ip: '10.1.2.3', hostnames: ['foo.remote'] },
];
const LOCALHOST = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
const ALIAS_SECTION = '\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\n';

/** name → the IPs a hosts file gives it (every engine's layout: one name per line or several, tabs or spaces). */
function resolved(hosts: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of hosts.split('\n')) {
    const [ip, ...names] = line.replace(/#.*$/, '').trim().split(/\s+/);
    if (ip) for (const n of names) out.set(n, [...(out.get(n) ?? []), ip]);
  }
  return out;
}

// Not Podman: 4.3 writes the aliases but no "<ip> <hostname>.<domain>" line for a container's domain name.
const ENGINES = new Set(['docker', 'containerd']);

describe.each(availableBackends().filter((b) => ENGINES.has(b.name)))('the pod /etc/hosts on $name', (backend) => {
  let eng: BackendEngine;
  let conn: EngineConnection;
  const created: string[] = [];
  const kubelets: Kubelet[] = [];
  const tmp = tempDir();
  const cli = (args: string[]): ReturnType<typeof podlab> => podlab(args, { env: eng.env });

  onBackend(backend, {
    created,
    kubelets,
    started: (e, c) => {
      eng = e;
      conn = c;
    },
    after: () => tmp.remove(),
  });

  async function launch(base: string, spec: Record<string, unknown>, init = false): Promise<PodModel & { warnings: string[] }> {
    const name = uniqueName(`h13-${backend.name.slice(0, 3)}-${base}`);
    created.push(name);
    const inits = init ? { initContainers: [{ name: 'init', image: process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local', command: ['cat', '/etc/hosts'] }] } : {};
    const file = tmp.write(`${name}.yaml`, podManifest(name, [{ name: 'app', command: SLEEP }], { ...spec, ...inits }));
    const r = await cli(['launch', file, '--wait', '--json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as PodModel & { warnings: string[] };
  }

  async function execOut(pod: string, argv: string[]): Promise<string> {
    const r = await cli(['exec', pod, '--', ...argv]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  }

  /** The pod's uid and its etc-hosts file in podlab's state directory (CRI only). */
  async function stateFile(pod: string): Promise<string> {
    const [sandbox] = await conn.runtime.containers.list({ labels: [`${LABEL_POD}=${pod}`, `${LABEL_ROLE}=sandbox`] });
    return join(eng.env.PODLAB_CRI_POD_ROOT!, sandbox!.labels['io.kubernetes.pod.uid']!, 'etc-hosts');
  }

  it('hostAliases and the FQDN resolve in the app, init and debug containers', async () => {
    const m = await launch('alias', { subdomain: 'sub', hostAliases: ALIASES }, true);
    const fqdn = `${m.name}.sub.default.svc.cluster.local`;
    expect(m.warnings.some((w) => w.includes('not applied on the CRI'))).toBe(false);
    const hosts = await execOut(m.name, ['cat', '/etc/hosts']);
    const names = resolved(hosts);
    expect(names.get('foo.local')).toEqual(['127.0.0.1']);
    expect(names.get('bar.local')).toEqual(['127.0.0.1']);
    expect(names.get('foo.remote')).toEqual(['10.1.2.3']);
    expect(m.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(names.get(fqdn)).toEqual([m.ip]);
    expect(names.get(m.name)).toEqual([m.ip]);
    // busybox's hostname -f asks the resolver for the canonical name of its hostname: /etc/hosts' first name.
    expect((await execOut(m.name, ['hostname', '-f'])).trim()).toBe(fqdn);
    const initLog = await cli(['logs', m.name, '-c', 'init']);
    expect(initLog.code, initLog.stderr).toBe(0);
    expect(resolved(initLog.stdout).get('foo.remote')).toEqual(['10.1.2.3']);
    expect(resolved(initLog.stdout).get(fqdn)).toEqual([m.ip]);
    // An ephemeral (debug) container of the pod sees the same names.
    const debug = await cli(['debug', m.name, '--image', process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local', '--', 'cat', '/etc/hosts']);
    expect(debug.code, debug.stderr).toBe(0);
    expect(resolved(debug.stdout).get('foo.local')).toEqual(['127.0.0.1']);
    expect(resolved(debug.stdout).get(fqdn)).toEqual([m.ip]);
    if (backend.name === 'containerd') {
      expect(debug.stdout).toBe(hosts);
      // The kubelet's text, to the byte, in the container and in the pod's state directory.
      expect(hosts).toBe(`# Kubernetes-managed hosts file.\n${LOCALHOST}${m.ip}\t${fqdn}\t${m.name}\n${ALIAS_SECTION}`);
      expect(readFileSync(await stateFile(m.name), 'utf8')).toBe(hosts);
    }
  });

  // The kubelet's own file exists only on the CRI: Docker writes its own /etc/hosts, so these are registered there only.
  if (backend.name === 'containerd') {
    it('the file goes with rm; a pod without subdomain or aliases gets the plain kubelet file', async () => {
      const m = await launch('plain', {});
      expect(await execOut(m.name, ['cat', '/etc/hosts'])).toBe(`# Kubernetes-managed hosts file.\n${LOCALHOST}${m.ip}\t${m.name}\n`);
      const file = await stateFile(m.name);
      expect(existsSync(file)).toBe(true);
      const rm = await cli(['rm', m.name]);
      expect(rm.code, rm.stderr).toBe(0);
      expect(existsSync(file)).toBe(false);
      expect(existsSync(join(file, '..'))).toBe(false);
    });

    it('hostNetwork: the node hosts file under its header, then the aliases', async () => {
      const m = await launch('hn', { hostNetwork: true, hostAliases: ALIASES });
      expect(await execOut(m.name, ['cat', '/etc/hosts'])).toBe(`# Kubernetes-managed hosts file (host network).\n${readFileSync('/etc/hosts', 'utf8')}${ALIAS_SECTION}`);
    });

    it('after SandboxChanged the file is written again with the new sandbox IP', async () => {
      const m = await launch('sc', { subdomain: 'sub', hostAliases: ALIASES });
      const k = new Kubelet(conn.runtime, { only: (p) => p === m.name, sandboxGraceMs: 300 });
      kubelets.push(k);
      await k.start();
      await killSandbox(conn, m.name);
      const after = await until(
        async () => {
          const p = await podOf(conn, m.name);
          return p.sandbox?.attempt === 1 && p.ip && p.containers[0]?.state === 'running' ? p : null;
        },
        45_000,
        250,
        'the pod to run again in a new sandbox',
      );
      await k.halt();
      const fqdn = `${m.name}.sub.default.svc.cluster.local`;
      const hosts = await execOut(m.name, ['cat', '/etc/hosts']);
      expect(hosts).toBe(`# Kubernetes-managed hosts file.\n${LOCALHOST}${after.ip}\t${fqdn}\t${m.name}\n${ALIAS_SECTION}`);
      const file = await stateFile(m.name);
      expect(readFileSync(file, 'utf8')).toBe(hosts);
      // The in-process kubelet logic wrote it where the connection's environment says (not this process's), and it goes with rm.
      const rm = await cli(['rm', m.name]);
      expect(rm.code, rm.stderr).toBe(0);
      expect(existsSync(join(file, '..'))).toBe(false);
    });
  }
});
