// One run of a Kubernetes probe against a container, as the kubelet's prober does it: exec inside the container
// (exit 0 passes), tcpSocket and httpGet from the node to the pod's IP (a connection; a 2xx/3xx answer).
import { connect } from 'node:net';
import { request } from 'node:http';
import type { ContainerSpec, ProbeSpec } from '../../../shared/manifest/types';
import type { Runtime } from '../runtime/runtime';

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function httpProbe(host: string, port: number, path: string, headers: Record<string, string>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', headers: { 'User-Agent': 'kube-probe/podlab', ...headers }, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** A named port resolves to the container's port of that name, as in Kubernetes. */
export function probePort(port: number | string, c?: Pick<ContainerSpec, 'ports'>): number {
  if (typeof port === 'number') return port;
  return c?.ports.find((p) => p.name === port)?.containerPort ?? 0;
}

/** One probe run: true when it passes. gRPC probes are checked as a TCP connection (podlab has no gRPC health client). */
export async function runProbeOnce(rt: Runtime, id: string, probe: ProbeSpec, podIP: string, c?: Pick<ContainerSpec, 'ports'>): Promise<boolean> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  try {
    if ('exec' in probe) return (await rt.exec(id, probe.exec.command, { timeoutMs })).exitCode === 0;
    if ('tcpSocket' in probe) return await tcpProbe(probe.tcpSocket.host || podIP, probePort(probe.tcpSocket.port, c), timeoutMs);
    if ('grpc' in probe) return await tcpProbe(podIP, probe.grpc.port, timeoutMs);
    const h = probe.httpGet;
    const headers = Object.fromEntries((h.httpHeaders ?? []).map((x) => [x.name, x.value]));
    return await httpProbe(h.host || podIP, probePort(h.port, c), h.path || '/', headers, timeoutMs);
  } catch {
    return false; // a timed-out exec counts as a failure, as the kubelet counts it
  }
}
