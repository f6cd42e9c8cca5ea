// The subset of a Kubernetes v1 Pod manifest that podlab supports (docs/pods.md, "Manifests").
import type { Protocol, RestartPolicy } from '../kube';

export interface ContainerPortSpec {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol: Protocol;
  name?: string;
}

export interface EnvVarSpec {
  name: string;
  value: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVarSpec[];
  ports: ContainerPortSpec[];
}

export interface PodSpec {
  name: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  restartPolicy: RestartPolicy;
  shareProcessNamespace: boolean;
  hostname?: string;
  containers: ContainerSpec[];
}

/** A validation finding; `path` is the Kubernetes-style field path (spec.containers[1].ports[0]). */
export interface ManifestIssue {
  path: string;
  message: string;
}

export type ParseResult =
  | { ok: true; pod: PodSpec; warnings: string[] }
  | { ok: false; errors: ManifestIssue[]; warnings: string[] };
