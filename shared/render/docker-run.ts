// The `docker run` commands that rebuild a pod by hand the way the kubelet does: a pause sandbox that owns the
// netns, IP and published ports, then app containers joined with --network/--ipc (and --pid) container:<sandbox>.
import type { PodModel } from '../model';
import type { ContainerSpec, PodSpec } from '../manifest/types';

/** Quotes one argument for a POSIX shell, only when it needs it. */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One shell line from an argv: every word quoted, so names from an untrusted snapshot stay words. */
function line(argv: string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** A `#` comment that stays one comment: a name holding a newline must not start a command line of its own. */
function comment(text: string): string {
  const oneLine = [...text].map((ch) => (ch < ' ' || ch === '\u007f' || ch === '\u2028' || ch === '\u2029' ? ' ' : ch)).join('');
  return `# ${oneLine}`;
}

function publishFlag(p: { hostIp: string; hostPort: number; containerPort: number; protocol: string }): string[] {
  const ip = p.hostIp && p.hostIp !== '0.0.0.0' && p.hostIp !== '::' ? `${p.hostIp}:` : '';
  return ['-p', `${ip}${p.hostPort}:${p.containerPort}/${p.protocol}`];
}

/** cri-dockerd-style names, with uid "manual" so they never collide with podlab's own containers. */
export function manualNames(pod: string, namespace = 'default'): { sandbox: string; app: (c: string) => string } {
  return { sandbox: `k8s_POD_${pod}_${namespace}_manual_0`, app: (c) => `k8s_${c}_${pod}_${namespace}_manual_0` };
}

function appCommand(sandbox: string, c: { name: string; image: string }, spec: ContainerSpec | undefined, sharePid: boolean, name: string): string {
  const argv = ['docker', 'run', '-d', '--name', name, '--network', `container:${sandbox}`, '--ipc', `container:${sandbox}`];
  if (sharePid) argv.push('--pid', `container:${sandbox}`);
  for (const e of spec?.env ?? []) argv.push('-e', `${e.name}=${e.value}`);
  // Kubernetes `command` replaces the image ENTRYPOINT and `args` its CMD; docker's --entrypoint takes one word.
  const command = spec?.command ?? [];
  if (command.length > 0) argv.push('--entrypoint', command[0]);
  argv.push(c.image, ...command.slice(1), ...(spec?.args ?? []));
  return line(argv);
}

/**
 * Shell lines (with # comments) that reproduce `pod` by hand. `spec` (the launched manifest) supplies commands,
 * args and env; without it the images' default commands run, and a comment says so.
 */
export function dockerRunCommands(pod: PodModel, spec?: PodSpec | null): string[] {
  const names = manualNames(pod.name, pod.namespace);
  const sandboxImage = pod.sandbox?.image ?? 'registry.k8s.io/pause:3.10';
  const hostname = spec?.hostname ?? pod.hostname ?? pod.name;
  const sharePid = spec?.shareProcessNamespace ?? pod.shareProcessNamespace ?? false;
  const ports = pod.ports.length > 0
    ? pod.ports
    : (spec?.containers ?? []).flatMap((c) => c.ports.filter((p) => p.hostPort).map((p) => ({ hostIp: p.hostIP ?? '0.0.0.0', hostPort: p.hostPort ?? 0, containerPort: p.containerPort, protocol: p.protocol })));
  const lines = [
    comment(`Sandbox: the pause container owns the pod's network namespace, IP and published ports (docker0 bridge).`),
    line(['docker', 'run', '-d', '--name', names.sandbox, '--hostname', hostname, '--ipc', 'shareable', ...ports.flatMap(publishFlag), sandboxImage]),
  ];
  if (!spec) lines.push(comment('The launch manifest is not in this snapshot: commands below run each image\'s default command.'));
  const containers = pod.containers.length > 0 ? pod.containers : (spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image }));
  for (const c of containers) {
    lines.push(comment(`${c.name}: joins the sandbox's network and IPC namespaces${sharePid ? ' and its PID namespace (shareProcessNamespace)' : ''}; no -p here, ports belong to the sandbox.`));
    lines.push(appCommand(names.sandbox, c, spec?.containers.find((s) => s.name === c.name), sharePid, names.app(c.name)));
  }
  return lines;
}
