// The pod's state directory (its etc-hosts) goes with its last sandbox, also when two of its sandboxes (attempts) are
// removed side by side — with a stub CRI client that answers like a runtime (a removed sandbox leaves the listing).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CriClient } from '../../electron/engine/cri/client';
import type { PodSandbox } from '../../electron/engine/cri/types';
import { CriRuntime } from '../../electron/engine/runtime/cri';

const root = mkdtempSync(join(tmpdir(), 'podlab-h13-remove-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A runtime holding `ids`, all of pod uid `uid`; each call takes a few ms, as over a socket. */
function stubClient(uid: string, ids: string[]): CriClient {
  const live = new Set(ids);
  const later = <T>(v: () => T): Promise<T> => new Promise((r) => setTimeout(() => r(v()), 5));
  const sandbox = (id: string): PodSandbox => ({ id, metadata: { name: 'web', uid, namespace: 'default', attempt: 0 }, state: 'SANDBOX_NOTREADY', createdAt: '0', labels: { 'io.kubernetes.pod.uid': uid }, annotations: {}, runtimeHandler: '' });
  return {
    podSandboxStatus: (id: string) => later(() => ({ status: live.has(id) ? { ...sandbox(id), network: null, linux: null } : null, info: {} })),
    stopPodSandbox: () => later(() => undefined),
    removePodSandbox: (id: string) => later(() => void live.delete(id)),
    listPodSandbox: () => later(() => [...live].map(sandbox)),
  } as unknown as CriClient;
}

describe('CRI sandbox removal and the pod state', () => {
  it('two sandboxes of one pod removed side by side: the last one takes the state directory', async () => {
    const rt = new CriRuntime(stubClient('uid-a', ['s0', 's1']), { kind: 'cri', endpoint: 'unix:///stub.sock', version: '', apiVersion: '', os: 'linux', platform: '' }, { PODLAB_CRI_POD_ROOT: root });
    mkdirSync(join(root, 'uid-a'));
    await Promise.all([rt.sandboxes.remove('s0'), rt.sandboxes.remove('s1')]);
    expect(existsSync(join(root, 'uid-a'))).toBe(false);
  });

  it('a sandbox removed while another attempt of the pod stays: the state stays', async () => {
    const client = stubClient('uid-b', ['s0', 's1']);
    const rt = new CriRuntime(client, { kind: 'cri', endpoint: 'unix:///stub.sock', version: '', apiVersion: '', os: 'linux', platform: '' }, { PODLAB_CRI_POD_ROOT: root });
    mkdirSync(join(root, 'uid-b'));
    await rt.sandboxes.remove('s0');
    expect(existsSync(join(root, 'uid-b'))).toBe(true);
  });
});
