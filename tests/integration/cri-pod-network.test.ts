// The pod's network settings reach the CRI's PodSandboxConfig as the kubelet passes them, on a private containerd:
// hostNetwork (the pod's netns is the node's), dnsConfig/dnsPolicy (the container's /etc/resolv.conf; no DNS traffic
// is sent) and sysctls (the pod netns' own value). hostAliases and subdomain: etc-hosts.test.ts.
import { readFileSync, readlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import { podManifest, podlab, tempDir, uniqueName } from './helpers';
import { cliContainerd } from './cli-containerd';

const tmp = tempDir();
const SLEEP = ['sh', '-c', 'exec sleep 3600'];

const cri = cliContainerd('c3');
afterAll(() => tmp.remove());

async function launch(name: string, spec: Record<string, unknown>): Promise<PodModel & { warnings: string[] }> {
  const file = tmp.write(`${name}.yaml`, podManifest(name, [{ name: 'app', command: SLEEP }], spec));
  const r = await podlab(['launch', file, '--wait', '--json'], { env: cri.env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PodModel & { warnings: string[] };
}

async function execOut(name: string, argv: string[]): Promise<string> {
  const r = await podlab(['exec', name, '--', ...argv], { env: cri.env });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function sandboxOf(name: string): Promise<string> {
  const [s] = await cri.ctd.cri.listPodSandbox({ labelSelector: { 'io.podlab.pod': name } });
  expect(s, `sandbox of ${name}`).toBeDefined();
  return s!.id;
}

describe('pod network settings through the CRI (private containerd)', () => {
  it('hostNetwork: the sandbox is in the node network namespace, so is the container', async () => {
    const name = uniqueName('c3-hn');
    const pod = await launch(name, { hostNetwork: true });
    expect(pod.containers.map((c) => c.state)).toEqual(['running']);
    const st = await cri.ctd.cri.podSandboxStatus(await sandboxOf(name), false);
    expect(st.status?.linux?.namespaces?.options?.network).toBe('NODE');
    expect((await execOut(name, ['readlink', '/proc/self/ns/net'])).trim()).toBe(readlinkSync('/proc/self/ns/net'));
    const rm = await podlab(['rm', name], { env: cri.env });
    expect(rm.code, rm.stderr).toBe(0);
  });

  it('a pod network (the default) is not the node one: the check above can fail', async () => {
    const name = uniqueName('c3-pn');
    await launch(name, {});
    expect((await execOut(name, ['readlink', '/proc/self/ns/net'])).trim()).not.toBe(readlinkSync('/proc/self/ns/net'));
    await podlab(['rm', name], { env: cri.env });
  });

  it('dnsPolicy None: resolv.conf holds the dnsConfig alone; sysctls are set in the pod netns', async () => {
    const name = uniqueName('c3-dns');
    await launch(name, {
      dnsPolicy: 'None',
      dnsConfig: { nameservers: ['192.0.2.53'], searches: ['c3.example.test'], options: [{ name: 'ndots', value: '2' }] },
      securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '40000 40100' }] },
    });
    const resolv = await execOut(name, ['cat', '/etc/resolv.conf']);
    expect(resolv).toMatch(/^nameserver 192\.0\.2\.53$/m);
    expect(resolv).toMatch(/^search c3\.example\.test$/m);
    expect(resolv).toMatch(/^options ndots:2$/m);
    expect(resolv.match(/^nameserver /gm)).toHaveLength(1);
    expect((await execOut(name, ['cat', '/proc/sys/net/ipv4/ip_local_port_range'])).trim().split(/\s+/)).toEqual(['40000', '40100']);
    // The node's own range is untouched (the sysctl is the pod netns').
    expect(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)).not.toEqual(['40000', '40100']);
    await podlab(['rm', name], { env: cri.env });
  });

  it('dnsPolicy Default: the node resolv.conf with the dnsConfig appended', async () => {
    const name = uniqueName('c3-dd');
    await launch(name, {
      dnsPolicy: 'Default',
      dnsConfig: { nameservers: ['192.0.2.54'], searches: ['c3d.example.test'] },
    });
    const node = readFileSync('/etc/resolv.conf', 'utf8').match(/^nameserver\s+(\S+)/m)?.[1];
    const resolv = await execOut(name, ['cat', '/etc/resolv.conf']);
    if (node) expect(resolv).toContain(`nameserver ${node}`);
    expect(resolv).toMatch(/^nameserver 192\.0\.2\.54$/m);
    expect(resolv).toMatch(/^search .*\bc3d\.example\.test$/m);
    await podlab(['rm', name], { env: cri.env });
  });
});
