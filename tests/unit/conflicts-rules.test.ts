// Unit tests of the pure conflict rules: log lines (captured from this engine and from real servers),
// socket overlap, the engine's hostPort errors in every wording, explanations, back-off and pre-flight.
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  backoffFromEnv,
  explainHostPort,
  explainPodPort,
  findBindFailure,
  holdersOf,
  nextBackoff,
  parseHostPortError,
  portsFromCommand,
  predictConflicts,
  recognizeBindFailure,
  shouldRestart,
  socketsOverlap,
} from '../../shared/conflicts';
import type { ListeningSocket } from '../../shared/model';
import type { PodSpec } from '../../shared/manifest/types';

describe('recognizeBindFailure', () => {
  it('recognizes busybox httpd, nc and udp-listen lines captured from this engine', () => {
    for (const line of ['httpd: bind: Address already in use', 'nc: bind: Address already in use', 'udp-listen: bind: Address already in use']) {
      expect(recognizeBindFailure(line)).toMatchObject({ wording: 'busybox', port: null });
    }
  });
  it('extracts address and port from nginx', () => {
    expect(recognizeBindFailure('2024/01/01 10:00:00 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)')).toMatchObject({
      wording: 'nginx',
      address: '0.0.0.0',
      port: 80,
    });
    expect(recognizeBindFailure('nginx: [emerg] bind() to [::]:8080 failed (98: Address already in use)')).toMatchObject({ address: '::', port: 8080 });
  });
  it('extracts the port from node EADDRINUSE, new and old wording', () => {
    expect(recognizeBindFailure('Error: listen EADDRINUSE: address already in use :::3000')).toMatchObject({ wording: 'node', address: '::', port: 3000 });
    expect(recognizeBindFailure('Error: listen EADDRINUSE 127.0.0.1:8080')).toMatchObject({ address: '127.0.0.1', port: 8080 });
  });
  it('recognizes python and Go wordings', () => {
    expect(recognizeBindFailure('OSError: [Errno 98] Address already in use')).toMatchObject({ wording: 'python', port: null });
    expect(recognizeBindFailure('listen tcp :8080: bind: address already in use')).toMatchObject({ wording: 'go', address: '0.0.0.0', port: 8080 });
  });
  it('recognizes generic wordings and ignores unrelated lines', () => {
    expect(recognizeBindFailure('server: Address in use')).toMatchObject({ wording: 'generic' });
    expect(recognizeBindFailure('cannot listen on port 9000: address already in use')).toMatchObject({ port: 9000 });
    expect(recognizeBindFailure('GET / HTTP/1.1 200')).toBeNull();
    expect(recognizeBindFailure('listening on 0.0.0.0:80/udp')).toBeNull();
  });
  it('prefers the node line that names the port over the later "code" line', () => {
    const log = ['node:events:497', '      throw er;', 'Error: listen EADDRINUSE: address already in use :::80', "  code: 'EADDRINUSE',", '  port: 80', '}'];
    expect(findBindFailure(log)).toMatchObject({ port: 80, address: '::' });
    expect(findBindFailure(['hello', 'world'])).toBeNull();
  });
});

describe('socketsOverlap', () => {
  const k = (protocol: 'tcp' | 'udp', address: string | null, port: number): { protocol: 'tcp' | 'udp'; address: string | null; port: number } => ({ protocol, address, port });
  it('127.0.0.1:P held and 0.0.0.0:P requested conflict, both ways', () => {
    expect(socketsOverlap(k('tcp', '127.0.0.1', 80), k('tcp', '0.0.0.0', 80))).toBe(true);
    expect(socketsOverlap(k('tcp', '0.0.0.0', 80), k('tcp', '127.0.0.1', 80))).toBe(true);
  });
  it('P/tcp and P/udp do not conflict; different ports do not conflict', () => {
    expect(socketsOverlap(k('tcp', '0.0.0.0', 53), k('udp', '0.0.0.0', 53))).toBe(false);
    expect(socketsOverlap(k('tcp', '0.0.0.0', 80), k('tcp', '0.0.0.0', 81))).toBe(false);
  });
  it('two different specific addresses do not conflict; :: overlaps IPv4; unknown address overlaps', () => {
    expect(socketsOverlap(k('tcp', '127.0.0.1', 80), k('tcp', '10.0.0.5', 80))).toBe(false);
    expect(socketsOverlap(k('tcp', '::', 80), k('tcp', '127.0.0.1', 80))).toBe(true);
    expect(socketsOverlap(k('tcp', '::ffff:127.0.0.1', 80), k('tcp', '127.0.0.1', 80))).toBe(true);
    expect(socketsOverlap(k('tcp', '0.0.0.0', 80), k('tcp', '::1', 80))).toBe(false);
    expect(socketsOverlap(k('udp', null, 80), k('udp', '127.0.0.1', 80))).toBe(true);
  });
  it('holdersOf keys on protocol, folding tcp6 into tcp', () => {
    const s = (protocol: ListeningSocket['protocol'], address: string, port: number, container: string): ListeningSocket => ({ protocol, address, port, container, pid: 1, process: 'x' });
    const table = [s('tcp6', '::', 80, 'web'), s('udp', '0.0.0.0', 80, 'dns'), s('tcp', '127.0.0.1', 9000, 'admin')];
    expect(holdersOf(table, { protocol: 'tcp', address: '0.0.0.0', port: 80 }).map((x) => x.container)).toEqual(['web']);
    expect(holdersOf(table, { protocol: 'udp', address: null, port: 80 }).map((x) => x.container)).toEqual(['dns']);
    expect(holdersOf(table, { protocol: 'tcp', address: '0.0.0.0', port: 9000 }).map((x) => x.container)).toEqual(['admin']);
    expect(holdersOf(table, { protocol: 'tcp', address: '0.0.0.0', port: 81 })).toEqual([]);
  });
});

describe('parseHostPortError', () => {
  it('parses every wording of the engine', () => {
    expect(parseHostPortError('Bind for 0.0.0.0:8080 failed: port is already allocated')).toEqual({ hostIp: '0.0.0.0', hostPort: 8080, protocol: 'tcp', cause: 'allocated' });
    // captured from this engine (dockerd 20.10)
    expect(
      parseHostPortError(
        'driver failed programming external connectivity on endpoint h3-manual-p2 (00be2f23): Bind for 127.0.0.1:18931 failed: port is already allocated',
      ),
    ).toMatchObject({ hostIp: '127.0.0.1', hostPort: 18931, cause: 'allocated' });
    expect(
      parseHostPortError(
        'driver failed programming external connectivity on endpoint h3-manual-p3 (3fb1ab15): Error starting userland proxy: listen tcp4 127.0.0.1:18932: bind: address already in use',
      ),
    ).toEqual({ hostIp: '127.0.0.1', hostPort: 18932, protocol: 'tcp', cause: 'in-use' });
    expect(parseHostPortError('listen tcp4 0.0.0.0:8080: bind: address already in use')).toMatchObject({ hostIp: '0.0.0.0', hostPort: 8080 });
    expect(
      parseHostPortError('ports are not available: exposing port TCP 0.0.0.0:8080 -> 0.0.0.0:0: listen tcp 0.0.0.0:8080: bind: address already in use'),
    ).toMatchObject({ hostIp: '0.0.0.0', hostPort: 8080, protocol: 'tcp' });
    expect(parseHostPortError('ports are not available: exposing port UDP 0.0.0.0:5353 -> 0.0.0.0:0: listen udp 0.0.0.0:5353: bind: address already in use')).toMatchObject({
      protocol: 'udp',
      hostPort: 5353,
    });
    expect(parseHostPortError('Bind for [::]:8080 failed: port is already allocated')).toMatchObject({ hostIp: '::', hostPort: 8080 });
    expect(parseHostPortError('cannot listen on the TCP port: listen tcp4 127.0.0.1:8080: bind: address already in use')).toEqual({
      hostIp: '127.0.0.1',
      hostPort: 8080,
      protocol: 'tcp',
      cause: 'in-use',
    });
    expect(parseHostPortError('cannot listen on the UDP port: listen udp4 0.0.0.0:5353: bind: address already in use')).toMatchObject({ hostPort: 5353, protocol: 'udp' });
    expect(parseHostPortError('cannot join network of a non running container')).toBeNull();
  });
});

describe('explanations', () => {
  it('names port, netns, holder and victim, with Kubernetes words', () => {
    const { message, kubernetes } = explainPodPort({
      victim: 'web-2',
      exitCode: 1,
      protocol: 'tcp',
      port: 80,
      netns: 'net:[4026532184]',
      holder: { container: 'web', process: 'httpd', pid: 2345 },
      evidence: 'log',
      restartPolicy: 'Always',
      duplicateDeclared: true,
    });
    expect(message).toBe(
      "web-2 exited (1): port 80/tcp is already in use in this pod's network namespace net:[4026532184] — held by container web (httpd, pid 2345). " +
        'In Kubernetes: CrashLoopBackOff; the API server would have warned: duplicate port definition.',
    );
    // Views add "In Kubernetes" in their own language; the field itself has no lead.
    expect(kubernetes).toBe('CrashLoopBackOff; the API server would have warned: duplicate port definition.');
  });
  it('says how sure it is when the log said nothing, and follows restartPolicy Never', () => {
    const { message } = explainPodPort({
      victim: 'quiet',
      exitCode: 1,
      protocol: 'tcp',
      port: 80,
      netns: null,
      holder: { container: 'web', process: 'httpd', pid: 7 },
      evidence: 'declared',
      restartPolicy: 'Never',
      duplicateDeclared: false,
    });
    expect(message).toContain('most likely');
    expect(message).toContain('Its log does not say why');
    expect(message).toContain('Terminated (Error) because restartPolicy is Never');
    expect(message).not.toContain('duplicate port definition');
  });
  it('host-port explanations name the holder and say Pending', () => {
    expect(explainHostPort('b', '0.0.0.0', 8080, 'tcp', { kind: 'pod', name: 'a' })).toBe(
      "Pod b cannot start: hostPort 8080/tcp is already taken on this host — held by pod a (its sandbox publishes it). In Kubernetes the pod would stay Pending: node(s) didn't have free ports for the requested pod ports.",
    );
    expect(explainHostPort('b', '127.0.0.1', 9, 'tcp', { kind: 'host', name: null, process: 'node', pid: 42 })).toContain('held by the host process node (pid 42)');
  });
});

describe('back-off', () => {
  it('doubles from 10 s and caps at 5 min', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((s) => backoffDelay(s) / 1000)).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });
  it('resets after 10 minutes of running fine', () => {
    expect(nextBackoff(4, 5_000)).toEqual({ delayMs: 160_000, nextStep: 5 });
    expect(nextBackoff(4, 600_000)).toEqual({ delayMs: 10_000, nextStep: 1 });
  });
  it('takes test intervals from the environment', () => {
    const o = backoffFromEnv({ PODLAB_BACKOFF_BASE_MS: '300', PODLAB_BACKOFF_MAX_MS: '1000' });
    expect([0, 1, 2, 3].map((s) => backoffDelay(s, o))).toEqual([300, 600, 1000, 1000]);
    expect(backoffFromEnv({})).toMatchObject({ baseMs: 10_000, maxMs: 300_000 });
  });
  it('follows restartPolicy', () => {
    expect(shouldRestart('Always', 0)).toBe(true);
    expect(shouldRestart('OnFailure', 0)).toBe(false);
    expect(shouldRestart('OnFailure', 1)).toBe(true);
    expect(shouldRestart('Never', 1)).toBe(false);
  });
});

describe('predictConflicts', () => {
  const pod = (ports: [string, number, 'tcp' | 'udp'][]): PodSpec => ({
    name: 'p',
    labels: {},
    restartPolicy: 'Always',
    shareProcessNamespace: false,
    containers: ports.map(([name, containerPort, protocol]) => ({ name, image: 'busybox', ports: [{ containerPort, protocol }] })),
  });
  it('predicts the same port and protocol, not tcp+udp or distinct ports', () => {
    expect(predictConflicts(pod([['web', 80, 'tcp'], ['web-2', 80, 'tcp']]))).toMatchObject([{ path: 'spec.containers[1].ports[0]', holder: 'web', victim: 'web-2', port: 80 }]);
    expect(predictConflicts(pod([['tcp', 53, 'tcp'], ['udp', 53, 'udp']]))).toEqual([]);
    expect(predictConflicts(pod([['a', 80, 'tcp'], ['b', 81, 'tcp'], ['c', 82, 'tcp']]))).toEqual([]);
  });
});

describe('portsFromCommand', () => {
  it('reads busybox httpd, nc, udp-listen and shell strings', () => {
    expect(portsFromCommand(['httpd', '-f', '-p', '80', '-h', '/www'])).toEqual([{ port: 80, protocol: 'tcp', address: null }]);
    expect(portsFromCommand(['httpd', '-f', '-p', '127.0.0.1:8080'])).toEqual([{ port: 8080, protocol: 'tcp', address: '127.0.0.1' }]);
    expect(portsFromCommand(['/bin/udp-listen', '5353'])).toEqual([{ port: 5353, protocol: 'udp', address: null }]);
    expect(portsFromCommand(['sh', '-c', 'httpd -f -p 80 2>/dev/null'])).toEqual([{ port: 80, protocol: 'tcp', address: null }]);
    expect(portsFromCommand(['nc', '-l', '-p', '9000'])).toEqual([{ port: 9000, protocol: 'tcp', address: null }]);
    expect(portsFromCommand(['python3', '-m', 'http.server', '8000'])).toEqual([{ port: 8000, protocol: 'tcp', address: null }]);
    expect(portsFromCommand(['sleep', '3600'])).toEqual([]);
  });
});
