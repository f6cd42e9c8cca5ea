// doctor's checks on a CRI runtime (--runtime-endpoint / CONTAINER_RUNTIME_ENDPOINT): the runtime's name and version,
// the CRI API version, RuntimeReady/NetworkReady, the CNI configuration in use, how updates arrive (GetContainerEvents,
// containerd's event service, or a 1 s relist), images, and whether /proc and the log directory are usable — each
// with what to fix.
import { accessSync, constants, existsSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PodlabConfig } from '../../config';
import type { HealthCheck as Check } from '../../health';
import type { EventMode } from './events';
import { SAFETY_RELIST_MS } from './relist';

/**
 * The runtime's own sandbox image (RunPodSandbox uses it; since 1.27 the kubelet does not choose it) and whether it is
 * present: containerd pulls a missing one at the first RunPodSandbox, which fails on a node without registry access.
 */
async function sandboxImageCheck(rt: { images: { present(image: string): Promise<boolean> } }, image: string): Promise<Check> {
  const note = '(its sandbox_image; PODLAB_PAUSE_IMAGE does not apply to a CRI runtime)';
  if (!image) return { status: 'warn', what: 'the runtime does not say which sandbox (pause) image it uses (containerd does, in its verbose Status)' };
  if (await rt.images.present(image).catch(() => false)) return { status: 'ok', what: `sandbox (pause) image: the runtime's own, ${image} ${note}, is present` };
  return {
    status: 'warn',
    what: `sandbox (pause) image: the runtime's own, ${image} ${note}, is not present; the runtime pulls it at the first RunPodSandbox`,
    fix: `without registry access: docker save ${image} | ctr -n k8s.io images import -   (or point the runtime's sandbox_image at a local image)`,
  };
}

export async function criChecks(endpoint: string, podlab: Pick<PodlabConfig, 'demoImage'>): Promise<Check[]> {
  const checks: Check[] = [];
  const { CriRuntime } = await import('./index');
  const { cniConfig, sandboxImageFromStatus } = await import('./cni');
  const { logRoot } = await import('./config');
  const { podStateRoot } = await import('./pod-state');
  const from = process.env.CONTAINER_RUNTIME_ENDPOINT === endpoint ? ' (--runtime-endpoint / CONTAINER_RUNTIME_ENDPOINT)' : '';
  const path = endpoint.replace(/^unix:\/\//, '');
  if (!existsSync(path)) {
    checks.push({ status: 'fail', what: `CRI socket ${path} does not exist`, fix: 'start containerd (with its CRI plugin) or CRI-O, or give the right path: --runtime-endpoint unix:///run/containerd/containerd.sock' });
    return checks;
  }
  let rt;
  try {
    rt = await CriRuntime.connect(endpoint);
  } catch (err) {
    checks.push({ status: 'fail', what: `no CRI runtime answered at ${endpoint}`, fix: err instanceof Error ? err.message : String(err) });
    return checks;
  }
  try {
    checks.push({ status: 'ok', what: `runtime endpoint ${endpoint}${from}` });
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch {
      checks.push({ status: 'fail', what: `socket ${path} is not writable by this user`, fix: 'run podlab as root on the node: sudo podlab --runtime-endpoint … ' });
    }
    checks.push({ status: 'ok', what: `runtime ${rt.info.platform} ${rt.info.version}, CRI API ${rt.info.apiVersion} (runtime.v1)` });
    const st = await rt.client.status(true);
    for (const type of ['RuntimeReady', 'NetworkReady']) {
      const c = st.status?.conditions.find((x) => x.type === type);
      if (c?.status) checks.push({ status: 'ok', what: `${type}: true` });
      else
        checks.push({
          status: 'fail',
          what: `${type}: ${c ? `false (${c.reason}: ${c.message})` : 'not reported'}`,
          fix: type === 'NetworkReady' ? 'put a CNI network config (a .conflist with bridge, host-local and portmap) in the runtime\'s CNI conf_dir and the plugins in its bin_dir (Debian: apt-get install containernetworking-plugins)' : 'see the runtime\'s own log (journalctl -u containerd)',
        });
    }
    const cni = cniConfig(st.info);
    if (!cni) checks.push({ status: 'warn', what: 'the runtime does not report its CNI configuration (containerd does, in its verbose Status)' });
    else {
      const nets = cni.networks.map((n) => `${n.name} (${n.plugins.join(', ')})`).join('; ') || 'none';
      checks.push({ status: cni.networks.length ? 'ok' : 'fail', what: `CNI config in ${cni.confDir || '?'}, plugins from ${cni.binDirs.join(', ') || '?'}: ${nets}`, ...(cni.networks.length ? {} : { fix: 'add a CNI .conflist to that directory' }) });
      for (const b of cni.bridges) checks.push({ status: 'ok', what: `pods hang on bridge ${b.bridge} (${b.subnet || 'subnet ?'}, gateway ${b.gateway || '?'})` });
      if (cni.networks.length && !cni.networks.some((n) => n.plugins.includes('portmap')))
        checks.push({ status: 'warn', what: 'no portmap plugin in the CNI config: hostPorts will not be published', fix: 'add {"type": "portmap", "capabilities": {"portMappings": true}} to the conflist\'s plugins' });
    }
    checks.push(await sandboxImageCheck(rt, sandboxImageFromStatus(st.info)));
    const demo = podlab.demoImage;
    checks.push(
      (await rt.images.present(demo))
        ? { status: 'ok', what: `demo image ${demo} is present in the runtime` }
        : { status: 'warn', what: `demo image ${demo} is not present in the runtime; launch will pull it through the CRI ImageService`, fix: `without registry access: docker save ${demo} | ctr -n k8s.io images import -` },
    );
    const sub = rt.events.subscribe({ type: 'container' });
    await sub.start();
    await new Promise((r) => setTimeout(r, 400));
    sub.stop();
    checks.push({
      status: 'ok',
      what: updatesLine(rt.eventMode),
    });
    const sandboxes = await rt.client.listPodSandbox();
    const own = sandboxes.filter((s) => s.labels['io.podlab.pod']).length;
    checks.push({ status: 'ok', what: `${sandboxes.length} pod sandbox(es): ${own} podlab's, ${sandboxes.length - own} not podlab's (shown read-only, never touched)` });
    const ready = sandboxes.find((s) => s.state === 'SANDBOX_READY');
    const pid = ready ? ((await rt.sandboxes.status(ready.id))?.pid ?? 0) : 0;
    if (pid > 0) {
      try {
        checks.push({ status: 'ok', what: `/proc/<pid>/ns is readable (sandbox pid ${pid}: ${readlinkSync(`/proc/${pid}/ns/net`)}): namespaces and sockets are read directly` });
      } catch {
        checks.push({ status: 'fail', what: `/proc/${pid}/ns/net is not readable: podlab must run on the node itself, as root`, fix: 'sudo podlab --runtime-endpoint … on the node' });
      }
    } else if (process.getuid?.() !== 0) checks.push({ status: 'warn', what: 'not root: /proc of the pods will not be readable', fix: 'run podlab as root on the node' });
    const logs = logRoot();
    try {
      accessSync(existsSync(logs) ? logs : '/var/log', constants.W_OK);
      checks.push({ status: 'ok', what: `pod logs go to ${logs} (the kubelet's layout: <ns>_<pod>_<uid>/<container>/<attempt>.log)` });
    } catch {
      checks.push({ status: 'fail', what: `${logs} is not writable`, fix: 'run podlab as root, or set PODLAB_CRI_LOG_ROOT to a writable directory' });
    }
    // The pods' etc-hosts files (./pod-state.ts): the nearest directory that exists must let podlab make the rest.
    const state = podStateRoot();
    const made = [state, dirname(state), dirname(dirname(state))].find((d) => existsSync(d)) ?? '/';
    try {
      accessSync(made, constants.W_OK);
      checks.push({ status: 'ok', what: `each pod's /etc/hosts is written to ${state}/<uid>/etc-hosts (the kubelet's etc-hosts: hostAliases, the pod's FQDN)` });
    } catch {
      checks.push({ status: 'fail', what: `${state} is not writable: containers cannot be created (each gets the pod's /etc/hosts from there)`, fix: 'run podlab as root, or set PODLAB_CRI_POD_ROOT to a writable directory' });
    }
  } finally {
    rt.close();
  }
  return checks;
}

/** doctor's line on how updates arrive (the subscription above has just found out). */
function updatesLine(mode: EventMode | null): string {
  if (mode === 'GetContainerEvents') return 'updates: event-driven (CRI GetContainerEvents)';
  if (mode === 'containerd-events')
    return `updates: event-driven (containerd's event service, /tasks/ and /containers/ in namespace k8s.io; GetContainerEvents is not implemented), with a relist every ${SAFETY_RELIST_MS / 1000} s as a safety net`;
  return "updates: relist every 1 s like the kubelet's PLEG (this runtime offers neither GetContainerEvents nor containerd's event service)";
}
