// Create options for the next attempt of a pod's containers, built by the pod engine's own functions
// (pods/create.ts) from the specs podlab keeps on the labels; cloned from inspect data only when those are unreadable.
import type { ContainerCreateOptions, ContainerInspectInfo } from 'dockerode';
import { LABEL_UID } from '../../../shared/model';
import { appOptions, sandboxOptions } from '../pods/create';
import { containerSpecFromLabels, podSpecFromLabels } from '../pods/spec';
import { cloneOptions } from './clone';

function withLabels(o: ContainerCreateOptions, labels: Record<string, string>): ContainerCreateOptions {
  return { ...o, Labels: { ...(o.Labels ?? {}), ...labels } };
}

/** The app container `old` again, as attempt `attempt`, joined to `sandboxId`. */
export function nextAppOptions(old: ContainerInspectInfo, sandbox: ContainerInspectInfo, attempt: number, labels: Record<string, string>): ContainerCreateOptions {
  const c = containerSpecFromLabels(old.Config.Labels);
  const pod = podSpecFromLabels(sandbox.Config.Labels);
  const uid = old.Config.Labels?.[LABEL_UID] ?? sandbox.Config.Labels?.[LABEL_UID];
  if (!c || !uid) return cloneOptions(old, attempt, { sandboxId: sandbox.Id, labels });
  const podName = old.Config.Labels?.['io.podlab.pod'] ?? pod?.name ?? '';
  // The same environment as the attempt before (resolved at launch from ConfigMaps, Secrets and the pod's fields),
  // and the pod's volumes, so the new attempt mounts what the old one did.
  const podRef = { ...(pod ?? {}), name: podName, podName: pod?.name ?? podName, shareProcessNamespace: pod?.shareProcessNamespace ?? false };
  return withLabels(appOptions(podRef, c, sandbox.Id, uid, attempt, { env: old.Config.Env ?? undefined }), labels);
}

/** A new sandbox for the pod of `old` (SandboxChanged): same manifest and image, attempt `attempt`. */
export function nextSandboxOptions(old: ContainerInspectInfo, attempt: number, labels: Record<string, string>): ContainerCreateOptions {
  const spec = podSpecFromLabels(old.Config.Labels);
  const uid = old.Config.Labels?.[LABEL_UID];
  if (!spec || !uid) return cloneOptions(old, attempt, { labels });
  return withLabels(sandboxOptions(spec, uid, attempt, old.Config.Image), labels);
}
