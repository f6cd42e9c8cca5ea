// The lesson's two pictures against the real engine: a foreign `docker run` container and a `launch --plain` group
// each get their own IP, netns and veth (read from the kernel here, not from podlab); port-conflict runs both servers
// on 80 as plain containers and fails as a pod; podlab never removes a container it did not create; `node --json`
// shows exactly one pause container per pod.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlainLaunchResult } from '../../shared/api';
import type { PlainContainer, PodModel, Snapshot } from '../../shared/model';
import type { NodeListing } from '../../shared/node';
import { validateAgainst } from '../../shared/snapshot/validate';
import { cleanupPods, docker, ensureCliBuilt, netnsOf, podlab, tempDir, uniqueName } from './helpers';

const foreign = uniqueName('h12-foreign');
const group = uniqueName('h12-plain');
const pod = uniqueName('h12-pod');
const tmp = tempDir();

function plainOf(stdout: string): PlainContainer[] {
  return (JSON.parse(stdout) as { plainContainers: PlainContainer[] }).plainContainers;
}

function removeGroup(): void {
  try {
    const ids = docker(['ps', '-aq', '--filter', `label=io.podlab.group=${group}`]).split('\n').filter(Boolean);
    if (ids.length) docker(['rm', '-f', ...ids]);
  } catch {
    // best effort
  }
}

beforeAll(() => {
  ensureCliBuilt();
  const demo = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
  // Not podlab's: no labels at all.
  docker(['run', '-d', '--name', foreign, demo, 'httpd', '-f', '-p', '8080']);
});

afterAll(() => {
  try {
    docker(['rm', '-f', foreign]);
  } catch {
    // already gone
  }
  removeGroup();
  cleanupPods([pod]);
  tmp.remove();
});

describe('containers outside any pod', () => {
  it('a foreign docker run container is in plainContainers with its own IP, netns and veth, read-only', async () => {
    const ls = await podlab(['ls', '--json', '--plain']);
    expect(ls.code, ls.stderr).toBe(0);
    const c = plainOf(ls.stdout).find((x) => x.name === foreign);
    expect(c, ls.stdout).toBeDefined();
    expect(c!.group).toBeNull();
    expect(c!.bridge).toBe('docker0');
    const pid = Number(docker(['inspect', '-f', '{{.State.Pid}}', foreign]));
    expect(c!.ip).toBe(docker(['inspect', '-f', '{{.NetworkSettings.Networks.bridge.IPAddress}}', foreign]));
    expect(c!.namespaces.net).toBe(netnsOf(pid));
    expect(c!.hostVeth).toMatch(/^veth/);
    expect(existsSync(`/sys/class/net/${c!.hostVeth}`)).toBe(true);
    expect(c!.listening.map((l) => l.port)).toContain(8080);
    // `ls --json` stays the array of pods scripts rely on.
    const plainLs = await podlab(['ls', '--json']);
    expect(Array.isArray(JSON.parse(plainLs.stdout))).toBe(true);

    const rm = await podlab(['rm', foreign]);
    expect(rm.code).toBe(2);
    expect(rm.stderr).toContain('podlab did not create');
    expect(docker(['inspect', '-f', '{{.State.Status}}', foreign])).toBe('running');
  });

  it('launch --plain port-conflict --wait: exit 0, two IPs, two netns, both listening on 80', async () => {
    const r = await podlab(['launch', 'port-conflict', '--plain', '--name', group, '--wait', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as PlainLaunchResult;
    expect(res.group).toBe(group);
    expect(res.twin).toBe('port-conflict');
    expect(res.containers.map((c) => c.container).sort()).toEqual(['web', 'web-2']);
    const [a, b] = res.containers;
    for (const c of [a, b]) {
      expect(c.state).toBe('running');
      expect(c.group).toBe(group);
      expect(c.namespaces.net).toBe(netnsOf(Number(docker(['inspect', '-f', '{{.State.Pid}}', c.id]))));
      expect(c.listening.some((l) => l.port === 80 && l.protocol.startsWith('tcp'))).toBe(true);
      // No pause container and no joined namespace: each is its own `docker run` on the bridge.
      expect(docker(['inspect', '-f', '{{.HostConfig.NetworkMode}}', c.id])).toBe('bridge');
    }
    expect(a.ip).not.toBe(b.ip);
    expect(a.namespaces.net).not.toBe(b.namespaces.net);
    expect(a.hostVeth).not.toBe(b.hostVeth);
  });

  it('the same manifest as a pod exits 3: one netns, the second server cannot bind 80', async () => {
    const r = await podlab(['launch', 'port-conflict', '--name', pod, '--wait']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('already in use');
  });

  it('ls, inspect, export and snapshot (JSON and Markdown) handle the plain group', async () => {
    const text = await podlab(['ls']);
    expect(text.stdout).toContain('Outside any pod');
    expect(text.stdout).toMatch(new RegExp(`${group}_web +${group}`));
    const ins = await podlab(['inspect', group]);
    expect(ins.code, ins.stderr).toBe(0);
    expect(ins.stdout).toContain(`Plain group: ${group}`);
    const exp = await podlab(['export', group]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toContain('name: port-conflict');
    expect(exp.stdout).toContain('--plain');
    const file = `${tmp.dir}/snap.json`;
    const snap = await podlab(['snapshot', '-o', file]);
    expect(snap.code, snap.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    expect(validateAgainst(doc)).toEqual([]);
    const names = (doc.plainContainers ?? []).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([foreign, `${group}_web`, `${group}_web-2`]));
    // The pod is no plain container, and the veths name whom they serve.
    expect(names.some((n) => n.includes(pod))).toBe(false);
    const web = doc.plainContainers!.find((c) => c.name === `${group}_web`)!;
    expect(doc.host.veths.find((v) => v.name === web.hostVeth)?.container).toBe(web.name);
    const md = await podlab(['snapshot', '--format', 'md']);
    expect(md.stdout).toContain('127.0.0.1');
    expect(md.stdout).toContain(group);
  });

  it('node --json: the runtime\'s rows, exactly one pause container per pod, mapped to the model', async () => {
    const [node, ls] = await Promise.all([podlab(['node', '--json']), podlab(['ls', '--json'])]);
    expect(node.code, node.stderr).toBe(0);
    const listing = JSON.parse(node.stdout) as NodeListing;
    expect(listing.command).toBe('docker ps -a');
    expect(listing.onARealNode).toContain('crictl pods');
    for (const p of JSON.parse(ls.stdout) as PodModel[]) {
      if (!p.sandbox) continue;
      const pauses = listing.rows.filter((r) => r.pause && r.model.kind === 'sandbox' && r.model.pod === p.name);
      expect(pauses, p.name).toHaveLength(1);
    }
    const sandbox = listing.rows.find((r) => r.model.kind === 'sandbox' && r.model.pod === pod)!;
    expect(sandbox.name).toMatch(new RegExp(`^k8s_POD_${pod}_default_[0-9a-f-]+_0$`));
    expect(sandbox.cri).toMatchObject({ container: 'POD', pod, namespace: 'default', attempt: 0 });
    expect(listing.rows.find((r) => r.name === `k8s_web-2_${pod}_default_${sandbox.cri!.uid}_0`)?.model).toEqual({ kind: 'app', pod, container: 'web-2' });
    expect(listing.rows.find((r) => r.name === `${group}_web`)).toMatchObject({ pause: false, model: { kind: 'plain', group, container: 'web' } });
    expect(listing.rows.find((r) => r.name === foreign)).toMatchObject({ pause: false, model: { kind: 'plain', group: null } });
    expect(listing.rows.filter((r) => r.pause && r.model.kind !== 'none').every((r) => r.image.includes('pause'))).toBe(true);
  });

  it('rm <group> removes only that group; the foreign container keeps running', async () => {
    const r = await podlab(['rm', group]);
    expect(r.code, r.stderr).toBe(0);
    expect(docker(['ps', '-aq', '--filter', `label=io.podlab.group=${group}`])).toBe('');
    expect(docker(['inspect', '-f', '{{.State.Status}}', foreign])).toBe('running');
  });
});
