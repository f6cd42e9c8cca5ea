// What the engine can say about its own health, for `podlab doctor` and `inspect`: which endpoint answers, the
// images podlab needs, socket and /proc permissions, and how the probe reads the host — each with what to fix.
import { accessSync, constants, readlinkSync } from 'node:fs';
import type { ProbePath } from '../../shared/model';
import { loadConfig, type PodlabConfig } from './config';
import { connectEngine, NoEngineError, type EngineConnection } from './docker';
import { listRunningContainers } from './pods/guard';
import { chooseProbe } from './probe';
import { criEndpoint } from './runtime-endpoint';

export type CheckStatus = 'ok' | 'warn' | 'fail';
export interface HealthCheck {
  status: CheckStatus;
  what: string;
  fix?: string;
}

/** Why a probe path was chosen, in words for doctor/inspect. */
export function describeProbe(path: ProbePath, config: Pick<PodlabConfig, 'probe' | 'demoImage'>, remote = false): string {
  if (path === 'direct') return `direct: reading /proc and /sys of this machine${config.probe === 'direct' ? ' (forced by PODLAB_PROBE)' : ''}`;
  const notHere = remote ? ' (the engine is not on this machine: its processes, /proc and interfaces are the engine host\'s)' : ' (/proc of the engine\'s processes is not readable here)';
  const why = config.probe === path ? ' (forced by PODLAB_PROBE)' : path === 'helper' ? notHere : '';
  if (path === 'helper') return `helper: reading /proc through a short-lived helper container (${config.demoImage}, --pid=host, SYS_PTRACE)${why}`;
  return `none: /proc is not readable and the helper image ${config.demoImage} is missing (pull it, or set PODLAB_DEMO_IMAGE)`;
}

function socketCheck(endpoint: string): HealthCheck | null {
  if (!endpoint.startsWith('unix://')) return null;
  const path = endpoint.slice('unix://'.length);
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return { status: 'ok', what: `socket ${path} is readable and writable by this user` };
  } catch {
    return { status: 'fail', what: `socket ${path} is not writable by this user`, fix: 'add yourself to the "docker" group (sudo usermod -aG docker $USER, then log in again)' };
  }
}

/** Whether this process can read another process's network namespace link (needs root-level ptrace rights). */
function procCheck(target: number): HealthCheck {
  try {
    const link = readlinkSync(`/proc/${target}/ns/net`);
    return { status: 'ok', what: `/proc/<pid>/ns is readable (pid ${target}: ${link}): namespaces are read directly` };
  } catch {
    return {
      status: 'warn',
      what: `/proc/${target}/ns/net is not readable by this user (not root, or a VM-based engine)`,
      fix: 'namespaces and sockets are then read through a helper container; run podlab as root for direct reads',
    };
  }
}

async function imageChecks(conn: EngineConnection): Promise<HealthCheck[]> {
  const out: HealthCheck[] = [];
  for (const [role, image, name] of [
    ['sandbox (pause)', conn.config.pauseImage, 'PODLAB_PAUSE_IMAGE'],
    ['demo (templates)', conn.config.demoImage, 'PODLAB_DEMO_IMAGE'],
  ] as const) {
    const present = await conn.runtime.images.present(image).catch(() => false);
    out.push(
      present
        ? { status: 'ok', what: `${role} image ${image} is present locally` }
        : { status: 'warn', what: `${role} image ${image} is not present locally; launch will try to pull it`, fix: `without registry access: docker load it, or set ${name} to a local image (offline test images: bash scripts/build-images.sh)` },
    );
  }
  return out;
}

/** Every doctor check in order; a missing engine is one failed check, not an error. */
export async function healthChecks(env: NodeJS.ProcessEnv, config: PodlabConfig = loadConfig(env)): Promise<HealthCheck[]> {
  // A CRI runtime (--runtime-endpoint / CONTAINER_RUNTIME_ENDPOINT) has its own checks: CRI, CNI, how updates arrive.
  const cri = criEndpoint(env);
  if (cri) return (await import('./runtime/cri/health')).criChecks(cri, config);
  const checks: HealthCheck[] = [];
  let conn: EngineConnection;
  try {
    conn = await connectEngine(env, { config });
  } catch (err) {
    if (!(err instanceof NoEngineError)) throw err;
    return [{ status: 'fail', what: 'no Docker engine answered', fix: err.message }];
  }
  checks.push({ status: 'ok', what: `engine endpoint ${conn.endpoint} (from ${conn.source ?? 'default sockets'})` });
  checks.push({ status: 'ok', what: `${conn.engineName || 'engine'} version ${conn.version}, API ${conn.apiVersion}, ${conn.os}` });
  if (conn.remote) {
    checks.push({
      status: 'ok',
      what: 'the engine is not on this machine (remote host or VM): its PIDs, /proc, veths and bridges are read through a helper container on the engine\'s host, never from this machine',
    });
  }
  const sock = socketCheck(conn.endpoint);
  if (sock) checks.push(sock);
  checks.push(...(await imageChecks(conn)));
  if (/Docker Desktop/i.test(conn.runtime.info.platform)) {
    checks.push({ status: 'warn', what: 'Docker Desktop: the engine runs in a VM; host-side facts come through a helper container' });
  }
  // Probe a running container's process (what podlab really reads). pid 1 says nothing here: sandboxes may deny
  // it even to root, so with no container running the probe path line below is the answer.
  const running = await listRunningContainers(conn.runtime, 1).catch(() => []);
  const pid = running[0] ? await conn.runtime.containers.status(running[0].id).then((s) => s?.pid ?? 0, () => 0) : 0;
  if (pid > 0 && !conn.remote) checks.push(procCheck(pid));
  // The probe path the live model will use (direct | helper | none), chosen as it chooses it.
  const path = await chooseProbe(conn, running[0] && pid ? { pid, id: running[0].id } : undefined);
  checks.push({ status: path === 'none' ? 'warn' : 'ok', what: `probe path ${describeProbe(path, config, conn.remote)}`, ...(path === 'none' ? { fix: 'make the demo image available (docker load it, or set PODLAB_DEMO_IMAGE), or run podlab as root' } : {}) });
  return checks;
}
