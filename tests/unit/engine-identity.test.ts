// Which engine answers and where it runs: the version API's names, remote endpoints, and the docker CLI's context store.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contextEndpoint, currentContextName } from '../../electron/engine/context';
import { candidateEndpoints, sshOptions } from '../../electron/engine/docker';
import { engineNameOf, isRemoteEngine } from '../../electron/engine/identity';

describe('engineNameOf', () => {
  it('names Podman from its Components, Docker and Docker Desktop from Platform/Components', () => {
    expect(engineNameOf({ Platform: { Name: 'linux/amd64/debian-12' }, Components: [{ Name: 'Podman Engine', Version: '4.3.1' }], Version: '4.3.1' })).toBe('Podman');
    expect(engineNameOf({ Platform: { Name: '' }, Components: [{ Name: 'Engine' }, { Name: 'containerd' }] })).toBe('Docker');
    expect(engineNameOf({ Platform: { Name: 'Docker Engine - Community' } })).toBe('Docker');
    expect(engineNameOf({ Platform: { Name: 'Docker Desktop 4.34.0 (165256)' }, Components: [{ Name: 'Engine' }] })).toBe('Docker Desktop');
    expect(engineNameOf({})).toBe('');
  });
});

describe('isRemoteEngine', () => {
  const env = {};
  it('unix sockets and loopback TCP are local; ssh, other hosts and Docker Desktop are not', () => {
    expect(isRemoteEngine('unix:///var/run/docker.sock', 'Docker', env)).toBe(false);
    expect(isRemoteEngine('tcp://127.0.0.1:2375', 'Docker', env)).toBe(false);
    expect(isRemoteEngine('tcp://[::1]:2375', '', env)).toBe(false);
    expect(isRemoteEngine('tcp://10.0.0.5:2376', '', env)).toBe(true);
    expect(isRemoteEngine('ssh://me@build-box', '', env)).toBe(true);
    expect(isRemoteEngine('unix:///home/me/.docker/desktop/docker.sock', 'Docker Desktop', env)).toBe(true);
  });
  it('PODLAB_ENGINE_REMOTE=1 forces remote (an engine behind a tunnel; the tests), =0 forces local', () => {
    expect(isRemoteEngine('tcp://127.0.0.1:2375', 'Docker', { PODLAB_ENGINE_REMOTE: '1' })).toBe(true);
    expect(isRemoteEngine('tcp://10.0.0.5:2376', 'Docker', { PODLAB_ENGINE_REMOTE: '0' })).toBe(false);
  });
});

describe('docker context', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function store(current: string | null, contexts: Record<string, unknown>): NodeJS.ProcessEnv {
    dir = mkdtempSync(join(tmpdir(), 'podlab-ctx-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(current ? { auths: {}, currentContext: current } : { auths: {} }));
    for (const [name, endpoint] of Object.entries(contexts)) {
      const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
      mkdirSync(meta, { recursive: true });
      writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: endpoint } }));
    }
    return { DOCKER_CONFIG: dir, HOME: dir };
  }

  it('follows currentContext to its docker endpoint, as `docker context use` leaves it', () => {
    const env = store('remote', { remote: { Host: 'tcp://10.1.2.3:2375', SkipTLSVerify: false } });
    expect(currentContextName(env)).toBe('remote');
    expect(contextEndpoint(env)).toEqual({ host: 'tcp://10.1.2.3:2375', context: 'remote', tlsDir: null, skipTlsVerify: false });
    expect(candidateEndpoints(env)).toEqual(['tcp://10.1.2.3:2375']);
  });
  it('DOCKER_CONTEXT wins over currentContext, and DOCKER_HOST over both', () => {
    const env = store('a', { a: { Host: 'tcp://10.0.0.1:2375' }, b: { Host: 'ssh://me@b' } });
    expect(candidateEndpoints({ ...env, DOCKER_CONTEXT: 'b' })).toEqual(['ssh://me@b']);
    expect(candidateEndpoints({ ...env, DOCKER_HOST: 'unix:///tmp/x.sock' })).toEqual(['unix:///tmp/x.sock']);
  });
  it('"default" or no context means the usual sockets; a missing context is an error that says what to do', () => {
    expect(contextEndpoint(store('default', {}))).toBeNull();
    rmSync(dir, { recursive: true, force: true });
    expect(contextEndpoint(store(null, {}))).toBeNull();
    rmSync(dir, { recursive: true, force: true });
    expect(() => contextEndpoint(store('gone', {}))).toThrow(/docker context use/);
  });
});

describe('ssh endpoints', () => {
  it('connect like the docker CLI: user, host, port and the SSH agent', () => {
    expect(sshOptions('ssh://me@build-box:2222', { SSH_AUTH_SOCK: '/tmp/agent' })).toMatchObject({
      protocol: 'ssh',
      host: 'build-box',
      port: 2222,
      username: 'me',
      sshOptions: { agent: '/tmp/agent' },
    });
    expect(sshOptions('ssh://build-box', { USER: 'root' })).toMatchObject({ port: 22, username: 'root' });
  });
});
