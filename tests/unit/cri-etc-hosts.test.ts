// The pod's /etc/hosts as the kubelet writes it (managed file, hostNetwork file, HostAliases section), the facts read
// from the sandbox's manifest label, and the etc-hosts file podlab keeps in the pod's state directory on a CRI node.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as cri from '../../electron/engine/cri/types';
import { hostsFactsFromLabels, managedHostsContent, nodeHostsContent } from '../../electron/engine/runtime/cri/etc-hosts';
import { podHostsMount, podStateDir, removePodState, sandboxIps } from '../../electron/engine/runtime/cri/pod-state';
import type { ContainerConfig } from '../../electron/engine/runtime/runtime';
import { podDomain } from '../../electron/engine/pods/names';
import { sandboxNetworkOptions } from '../../electron/engine/runtime/docker/kube-options';
import type { PodSpec } from '../../shared/manifest/types';

const LOCALHOST = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
const ALIASES = [
  { ip: '127.0.0.1', hostnames: ['foo.local', 'bar.local'] },
  { ip: '10.1.2.3', hostnames: ['foo.remote'] },
];

describe('the kubelet hosts file', () => {
  it('a pod without subdomain or aliases: header, localhost lines, its IP and hostname', () => {
    expect(managedHostsContent({ hostname: 'nginx', domain: '', aliases: [], hostNetwork: false }, ['10.200.0.4'])).toBe(
      `# Kubernetes-managed hosts file.\n${LOCALHOST}10.200.0.4\tnginx\n`,
    );
  });

  it('with a subdomain the FQDN comes first, then the hostname; aliases in their own section, one line per IP', () => {
    const f = { hostname: 'web', domain: podDomain('sub', 'default'), aliases: ALIASES, hostNetwork: false };
    expect(managedHostsContent(f, ['10.99.0.7', 'fd00::7'])).toBe(
      `# Kubernetes-managed hosts file.\n${LOCALHOST}10.99.0.7\tweb.sub.default.svc.cluster.local\tweb\nfd00::7\tweb.sub.default.svc.cluster.local\tweb\n` +
        '\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\n',
    );
  });

  it('hostNetwork: the node file under its own header, then the aliases', () => {
    expect(nodeHostsContent('127.0.0.1 localhost\n', ALIASES.slice(1))).toBe(
      '# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.remote\n',
    );
  });

  it('reads hostname, subdomain, aliases and hostNetwork from the manifest label, leaving out what could break a line', () => {
    const manifest = {
      spec: { hostname: 'h', subdomain: 's', hostNetwork: false, hostAliases: [...ALIASES, { ip: '1.2.3.4\n5.6.7.8', hostnames: ['x'] }, { ip: '1.1.1.1', hostnames: ['ok', 'bad name', 7] }] },
    };
    const f = hostsFactsFromLabels({ 'io.podlab.manifest': JSON.stringify(manifest) }, { name: 'pod', namespace: 'team' });
    expect(f).toEqual({ hostname: 'h', domain: 's.team.svc.cluster.local', aliases: [...ALIASES, { ip: '1.1.1.1', hostnames: ['ok'] }], hostNetwork: false });
    expect(hostsFactsFromLabels({}, { name: 'pod', namespace: '' })).toEqual({ hostname: 'pod', domain: '', aliases: [], hostNetwork: false });
  });
});

describe('the etc-hosts file in the pod state directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'podlab-h13-state-'));
  const env = { PODLAB_CRI_POD_ROOT: root };
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const sandbox = (uid: string, spec: Record<string, unknown>): cri.PodSandboxConfig =>
    ({ metadata: { name: 'web', uid, namespace: 'default', attempt: 0 }, labels: { 'io.podlab.manifest': JSON.stringify({ spec }) } }) as unknown as cri.PodSandboxConfig;
  const container = (mounts: string[] = []): ContainerConfig =>
    ({ kube: { mounts: mounts.map((target) => ({ type: 'bind', source: '/x', target, readOnly: false })) } }) as unknown as ContainerConfig;

  it('writes the file (mode 0644) and mounts it at /etc/hosts; a new IP re-writes it; removal takes the directory', () => {
    const m = podHostsMount(sandbox('u-1', { subdomain: 'sub' }), ['10.99.0.7'], container(), env);
    expect(m).toEqual({ containerPath: '/etc/hosts', hostPath: join(root, 'u-1', 'etc-hosts'), readonly: false, selinuxRelabel: true });
    expect(readFileSync(m!.hostPath, 'utf8')).toContain('10.99.0.7\tweb.sub.default.svc.cluster.local\tweb\n');
    expect(statSync(m!.hostPath).mode & 0o777).toBe(0o644);
    podHostsMount(sandbox('u-1', { subdomain: 'sub' }), ['10.99.0.8'], container(), env);
    expect(readFileSync(m!.hostPath, 'utf8')).not.toContain('10.99.0.7');
    removePodState('u-1', env);
    expect(existsSync(join(root, 'u-1'))).toBe(false);
  });

  it('no mount without a pod IP, when the container mounts /etc/hosts itself, or for a uid that is not a plain name', () => {
    expect(podHostsMount(sandbox('u-2', {}), [], container(), env)).toBeNull();
    expect(podHostsMount(sandbox('u-2', {}), ['10.99.0.9'], container(['/etc/hosts']), env)).toBeNull();
    expect(podHostsMount(sandbox('../etc', {}), ['10.99.0.9'], container(), env)).toBeNull();
    expect(podStateDir('../etc', env)).toBeNull();
    expect(existsSync(join(root, 'u-2'))).toBe(false);
  });

  it('a state root that cannot be written: the error says what to do', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    expect(() => podHostsMount(sandbox('u-4', {}), ['10.99.0.9'], container(), { PODLAB_CRI_POD_ROOT: file })).toThrow(/could not write the pod's \/etc\/hosts .*PODLAB_CRI_POD_ROOT/);
  });

  it('hostNetwork: mounted with the node file even without a pod IP', () => {
    const m = podHostsMount(sandbox('u-3', { hostNetwork: true, hostAliases: [ALIASES[1]] }), [], container(), env, () => '127.0.0.1 node\n');
    expect(readFileSync(m!.hostPath, 'utf8')).toBe('# Kubernetes-managed hosts file (host network).\n127.0.0.1 node\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.remote\n');
  });

  it('the sandbox IPs: the pod IP, then the additional ones', () => {
    const st = { network: { ip: '10.99.0.7', additionalIps: [{ ip: 'fd00::7' }] } } as cri.PodSandboxStatus;
    expect(sandboxIps(st)).toEqual(['10.99.0.7', 'fd00::7']);
    expect(sandboxIps(null)).toEqual([]);
  });
});

describe('the Docker sandbox gets the same FQDN', () => {
  it("its domain name is the kubelet's pod domain, in the pod's namespace (default when none)", () => {
    const spec = (s: Partial<PodSpec>): PodSpec => ({ name: 'web', containers: [], ...s }) as PodSpec;
    expect(sandboxNetworkOptions(spec({ subdomain: 'sub' })).create.Domainname).toBe('sub.default.svc.cluster.local');
    expect(sandboxNetworkOptions(spec({ subdomain: 'sub', namespace: 'team' })).create.Domainname).toBe('sub.team.svc.cluster.local');
    expect(sandboxNetworkOptions(spec({})).create.Domainname).toBeUndefined();
  });
});
