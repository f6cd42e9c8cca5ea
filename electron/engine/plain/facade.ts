// What the engine facade offers for plain groups: launch a manifest the Docker way, read one group back, export it.
import type { LaunchRequest, PlainLaunchResult, PullProgress } from '../../../shared/api';
import { emitManifest } from '../../../shared/manifest/emit';
import { parseManifest } from '../../../shared/manifest/parse';
import type { ParseResult } from '../../../shared/manifest/types';
import type { PlainContainer } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { listBridgeNetworks } from '../facts/probe';
import { PodInputError } from '../pods/errors';
import { podSpecFromLabels } from '../pods/spec';
import { LABEL_CONTAINER } from '../runtime/vocabulary';
import { templateManifest } from '../templates';
import { discoverPlain } from './discover';
import { launchPlain } from './launch';
import { readPlainContainers } from './live';

/** The one sentence of the lesson, said wherever a plain group is shown. */
export const PLAIN_LESSON =
  'plain Docker: every container gets its own network namespace, veth and IP, so each may use any port — and a sidecar ' +
  'cannot reach its neighbour on 127.0.0.1 (its own lo); in a pod they share one.';

/** One plain group as the model shows it (its containers with their own netns, veth, IP and sockets). */
export async function readPlainGroup(conn: EngineConnection, group: string): Promise<PlainContainer[]> {
  return readPlainContainers(conn, await listBridgeNetworks(conn), group);
}

export async function launchPlainRequest(
  conn: EngineConnection,
  req: LaunchRequest,
  onPull: (p: PullProgress) => void,
  parsedBefore?: { text: string; result: ParseResult },
): Promise<PlainLaunchResult> {
  const text = req.manifest ?? (req.template ? await templateManifest(req.template, conn.config) : null);
  if (text == null) throw new PodInputError(`Unknown template "${req.template ?? ''}". Choose one of the built-in templates or paste a manifest.`);
  const parsed = parsedBefore?.text === text ? parsedBefore.result : parseManifest(text);
  if (!parsed.ok) throw new PodInputError(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const spec = parsed.pod;
  const out = await launchPlain(conn, spec, { wait: req.wait, name: req.name, onPull });
  const containers = await readPlainGroup(conn, out.group);
  const ok = out.failures.length === 0 && containers.length === spec.containers.length && containers.every((c) => c.state === 'running');
  // A pod's API warnings (duplicate port definition…) are about one shared netns: plain containers have one each.
  return { group: out.group, twin: parsed.pod.name, containers, failures: out.failures, warnings: [], ok, lesson: PLAIN_LESSON };
}

/** The group's manifest (as launched, images as they run), or null when there is no such plain group. */
export async function exportPlainManifest(conn: EngineConnection, group: string, now: Date = new Date()): Promise<string | null> {
  const raws = await discoverPlain(conn.runtime, group);
  const spec = raws.map((r) => podSpecFromLabels(r.labels)).find((s) => s !== null);
  if (!spec) return null;
  const running = new Map(raws.map((r) => [r.labels[LABEL_CONTAINER] ?? '', r.image]));
  const containers = spec.containers.map((c) => ({ ...c, image: running.get(c.name) ?? c.image }));
  const comment = [
    `Plain group ${group} (launched with --plain: one docker run per container), exported by podlab on ${now.toISOString()}.`,
    `Its name is the manifest's own (${spec.name}), the pod it is the plain twin of.`,
    `As a pod (one shared netns): podlab launch <this file>   ·   plain again: podlab launch <this file> --plain`,
  ];
  return emitManifest({ ...spec, containers }, { comment });
}
