// Synthetic models for topology and renderer tests: one pod with a port conflict, and N healthy pods.
import type { Model, PodModel } from '../../shared/model';

export function samplePod(i: number, name = `pod-${i}`): PodModel {
  const ip = `172.17.0.${i + 2}`;
  return {
    name,
    phase: 'Running',
    sandbox: { id: `sb${i}`, name: `k8s_POD_${name}_default_u${i}_0`, image: 'registry.k8s.io/pause:3.10', state: 'running', pid: 1000 + i },
    namespaces: { net: `net:[${4026532000 + i}]` },
    ip,
    mac: `02:42:ac:11:00:${(i + 2).toString(16).padStart(2, '0')}`,
    hostVeth: `veth${(0xa1b2c3 + i).toString(16)}`,
    ports: [],
    listening: [{ protocol: 'tcp', address: '0.0.0.0', port: 80, container: 'web', pid: 2000 + i, process: 'httpd' }],
    containers: [
      { name: 'web', id: `c${i}`, image: 'busybox', state: 'running', exitCode: null, restartCount: 0, reason: null, namespaces: { net: `net:[${4026532000 + i}]` } },
    ],
    conflicts: [],
  };
}

export function conflictPod(): PodModel {
  const pod = samplePod(1, 'h4-conflict');
  pod.ports = [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }];
  pod.containers.push({
    name: 'web-2', id: 'c-web2', image: 'busybox', state: 'exited', exitCode: 1, restartCount: 2, reason: 'CrashLoopBackOff',
    namespaces: { net: 'net:[4026532001]' },
  });
  pod.conflicts = [{
    kind: 'pod-port', protocol: 'tcp', port: 80,
    holder: { pod: pod.name, container: 'web' }, victim: { pod: pod.name, container: 'web-2' },
    message: 'web-2 exited (1): port 80/tcp is already in use in this pod\'s network namespace net:[4026532001] — held by container web (httpd, pid 2001). In Kubernetes: CrashLoopBackOff.',
  }];
  return pod;
}

export function sampleModel(pods: PodModel[]): Model {
  return {
    engine: { endpoint: 'unix:///var/run/docker.sock', version: '20.10.24' },
    host: {
      bridges: [{ name: 'docker0', subnet: '172.17.0.0/16', gateway: '172.17.0.1' }],
      veths: pods.map((p, i) => ({ name: p.hostVeth ?? '', ifindex: 100 + i, peerIfindex: 200 + i, bridge: 'docker0', pod: p.name })),
    },
    pods,
    connection: 'connected',
  };
}
