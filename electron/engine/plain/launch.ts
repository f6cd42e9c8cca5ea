// `podlab launch … --plain`: the same manifest the Docker way, for contrast with a pod. No pause container: each
// container is its own `docker run` on docker0, with its own netns, veth and IP, and publishes its own hostPorts.
import type { PullProgress } from '../../../shared/api';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { dns1123SubdomainError } from '../../../shared/manifest/validate';
import type { EngineConnection } from '../docker';
import { PodExistsError, PodInputError } from '../pods/errors';
import { podNames } from '../pods/launch';
import { nextFreeName } from '../pods/names';
import { ensureImages } from '../pods/pull';
import { manifestLabel } from '../pods/spec';
import { waitSettled } from '../pods/wait';
import type { PlainConfig } from '../runtime/plain';
import { LABEL_CONTAINER, LABEL_GROUP, LABEL_MANIFEST, LABEL_ROLE, LABEL_TWIN, ROLE_PLAIN } from '../runtime/vocabulary';
import { plainGroupNames } from './discover';
import { plainContainerName } from './guard';

export interface PlainLaunchOptions {
  onPull?: (p: PullProgress) => void;
  wait?: boolean;
  waitMs?: number;
  /** The group's name (--name); without it `<manifest name>-plain`, or the next free `-plain-2`… */
  name?: string;
}

/** One container of a plain group: what it would be in the pod, on docker0 on its own, labelled as podlab's plain group. */
export function plainConfig(group: string, spec: PodSpec, c: ContainerSpec): PlainConfig {
  return {
    runtimeName: plainContainerName(group, c.name),
    name: c.name,
    image: c.image,
    command: c.command ?? null,
    args: c.args ?? null,
    env: c.env ?? [],
    // Its declared ports are its own: exposed, and published when they have a hostPort.
    ports: c.ports.map((p) => ({ hostIp: p.hostIP ?? '', hostPort: p.hostPort ?? 0, containerPort: p.containerPort, protocol: p.protocol })),
    labels: {
      [LABEL_ROLE]: ROLE_PLAIN,
      [LABEL_GROUP]: group,
      [LABEL_CONTAINER]: c.name,
      [LABEL_TWIN]: spec.name,
      [LABEL_MANIFEST]: manifestLabel(spec),
    },
  };
}

/** What a plain launch made. */
export interface PlainLaunchOutcome {
  group: string;
  ids: string[];
  /** Containers that could not be created or started, with the runtime's words. */
  failures: { container: string; message: string }[];
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Creates and starts every container of `spec` as plain containers; resolves to the group name and ids.
 * spec.name stays the manifest's own name: the pod this group is the twin of.
 */
export async function launchPlain(conn: EngineConnection, spec: PodSpec, opts: PlainLaunchOptions = {}): Promise<PlainLaunchOutcome> {
  const rt = conn.runtime;
  const plain = rt.plain;
  if (!plain) throw new PodInputError(`launch --plain needs a Docker-API engine: ${conn.endpoint} runs containers only inside pod sandboxes (CRI)`);
  const wanted = opts.name ?? `${spec.name}-plain`;
  const nameErr = dns1123SubdomainError(wanted);
  if (nameErr) throw new PodInputError(`invalid name "${wanted}": ${nameErr}`);
  const [pods, groups] = await Promise.all([podNames(rt), plainGroupNames(conn)]);
  // One name space for pods and plain groups: `podlab rm NAME` and `inspect NAME` must never be ambiguous.
  const taken = new Set([...pods, ...groups]);
  const group = opts.name === undefined ? nextFreeName(wanted, taken) : wanted;
  if (taken.has(group)) throw new PodExistsError(group);
  await ensureImages(rt, [...new Set(spec.containers.map((c) => c.image))], opts.onPull);
  const made = await Promise.all(
    spec.containers.map(async (c) => {
      try {
        const { id, started } = await plain.run(plainConfig(group, spec, c));
        // Like `docker run` whose start fails: the container stays `created`, the group shows why.
        return started.then(
          () => ({ container: c.name, id, message: null }),
          (err: unknown) => ({ container: c.name, id, message: message(err) }),
        );
      } catch (err) {
        return { container: c.name, id: null, message: message(err) };
      }
    }),
  );
  const ids = made.flatMap((m) => (m.id ? [m.id] : []));
  if (opts.wait) await waitSettled(rt, ids, opts.waitMs);
  return { group, ids, failures: made.flatMap((m) => (m.message ? [{ container: m.container, message: m.message }] : [])) };
}
