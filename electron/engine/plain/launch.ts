// `podlab launch … --plain`: the same manifest the Docker way, for contrast with a pod. No pause container: each
// container is its own `docker run` on docker0, with its own netns, veth and IP, and publishes its own hostPorts.
import type { ContainerCreateOptions } from 'dockerode';
import type { PullProgress } from '../../../shared/api';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { dns1123SubdomainError } from '../../../shared/manifest/validate';
import { LABEL_CONTAINER, LABEL_GROUP, LABEL_MANIFEST, LABEL_ROLE, ROLE_PLAIN } from '../../../shared/model';
import { describeError, isUnreachable, type EngineConnection } from '../docker';
import { appOptions } from '../pods/create';
import { EngineUnreachableError, PodExistsError, PodInputError, engineErrorInfo } from '../pods/errors';
import { nextFreeName } from '../pods/names';
import { podNames } from '../pods/lifecycle';
import { ensureImages } from '../pods/pull';
import { manifestLabel } from '../pods/spec';
import { waitSettled } from '../pods/wait';
import { LABEL_TWIN } from './assemble';
import { plainGroupNames } from './discover';

export interface PlainLaunchOptions {
  onPull?: (p: PullProgress) => void;
  wait?: boolean;
  waitMs?: number;
  /** The group's name (--name); without it `<manifest name>-plain`, or the next free `-plain-2`… */
  name?: string;
}

/** Docker's name for a plain container: `<group>_<container>` ("_" never occurs in a Kubernetes name). */
export function plainContainerName(group: string, container: string): string {
  return `${group}_${container}`;
}

/** `docker run` options for one container of a plain group: the pod's container options, on docker0 on its own. */
export function plainOptions(group: string, spec: PodSpec, c: ContainerSpec): ContainerCreateOptions {
  // Start from what a pod's app container gets (image, env, command, args…), then undo the joining.
  const base = appOptions({ name: group, shareProcessNamespace: false }, c, '', '', 0);
  const hostConfig = { ...base.HostConfig, NetworkMode: 'bridge' };
  delete hostConfig.IpcMode;
  delete hostConfig.PidMode;
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of c.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    if (p.hostPort) bindings[key] = [...(bindings[key] ?? []), { HostIp: p.hostIP ?? '', HostPort: String(p.hostPort) }];
  }
  return {
    ...base,
    name: plainContainerName(group, c.name),
    ExposedPorts: exposed,
    Labels: {
      [LABEL_ROLE]: ROLE_PLAIN,
      [LABEL_GROUP]: group,
      [LABEL_CONTAINER]: c.name,
      [LABEL_TWIN]: spec.name,
      [LABEL_MANIFEST]: manifestLabel(spec),
    },
    HostConfig: { ...hostConfig, PortBindings: bindings },
  };
}

/** What a plain launch made. */
export interface PlainLaunchOutcome {
  group: string;
  ids: string[];
  /** Containers that could not be created or started, with the engine's words. */
  failures: { container: string; message: string }[];
}

/**
 * Creates and starts every container of `spec` as plain Docker containers; resolves to the group name and ids.
 * spec.name stays the manifest's own name: the pod this group is the twin of.
 */
export async function launchPlain(conn: EngineConnection, spec: PodSpec, opts: PlainLaunchOptions = {}): Promise<PlainLaunchOutcome> {
  const { docker } = conn;
  const wanted = opts.name ?? `${spec.name}-plain`;
  const nameErr = dns1123SubdomainError(wanted);
  if (nameErr) throw new PodInputError(`invalid name "${wanted}": ${nameErr}`);
  const [pods, groups] = await Promise.all([podNames(docker), plainGroupNames(conn)]).catch((err: unknown) => {
    throw isUnreachable(err) ? new EngineUnreachableError(conn.endpoint, describeError(err)) : err;
  });
  // One name space for pods and plain groups: `podlab rm NAME` and `inspect NAME` must never be ambiguous.
  const taken = new Set([...pods, ...groups]);
  const group = opts.name === undefined ? nextFreeName(wanted, taken) : wanted;
  if (taken.has(group)) throw new PodExistsError(group);
  await ensureImages(docker, [...new Set(spec.containers.map((c) => c.image))], opts.onPull);
  const made = await Promise.all(
    spec.containers.map(async (c) => {
      try {
        const ctr = await docker.createContainer(plainOptions(group, spec, c));
        try {
          await ctr.start();
          return { container: c.name, id: ctr.id, message: null };
        } catch (err) {
          // Like `docker run` whose start fails: the container stays `created`, the group shows why.
          return { container: c.name, id: ctr.id, message: engineErrorInfo(err).message };
        }
      } catch (err) {
        return { container: c.name, id: null, message: engineErrorInfo(err).message };
      }
    }),
  );
  const ids = made.flatMap((m) => (m.id ? [m.id] : []));
  if (opts.wait) await waitSettled(docker, ids, opts.waitMs);
  return { group, ids, failures: made.flatMap((m) => (m.message ? [{ container: m.container, message: m.message }] : [])) };
}
