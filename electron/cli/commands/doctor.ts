// podlab doctor: which engine endpoint answers (or what was tried), versions, the images podlab needs,
// socket and /proc permissions, and what to fix. Exit 0 healthy, 1 not.
import { accessSync, constants, readlinkSync } from 'node:fs';
import { EXIT_ENGINE, EXIT_OK, UsageError } from '../command';
import { failWith } from '../pod-output';

type Status = 'ok' | 'warn' | 'fail';
interface Check {
  status: Status;
  what: string;
  fix?: string;
}

const mark: Record<Status, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

function socketCheck(endpoint: string): Check | null {
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
function procCheck(target: number): Check {
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

export async function run(args: string[]): Promise<number> {
  try {
    if (args.length) throw new UsageError('usage: podlab doctor');
    const checks: Check[] = [];
    const { connectEngine, NoEngineError } = await import('../../engine/docker');
    const { pauseImage, demoImage } = await import('../../engine/config');
    let conn;
    try {
      conn = await connectEngine();
    } catch (err) {
      if (!(err instanceof NoEngineError)) throw err;
      checks.push({ status: 'fail', what: 'no Docker engine answered', fix: err.message });
      return report(checks);
    }
    checks.push({ status: 'ok', what: `engine endpoint ${conn.endpoint}${process.env.DOCKER_HOST ? ' (from DOCKER_HOST)' : ''}` });
    checks.push({ status: 'ok', what: `engine version ${conn.version}, API ${conn.apiVersion}, ${conn.os}` });
    const sock = socketCheck(conn.endpoint);
    if (sock) checks.push(sock);
    for (const [role, image, env] of [
      ['sandbox (pause)', pauseImage(), 'PODLAB_PAUSE_IMAGE'],
      ['demo (templates)', demoImage(), 'PODLAB_DEMO_IMAGE'],
    ] as const) {
      const present = await conn.runtime.images.present(image).catch(() => false);
      checks.push(
        present
          ? { status: 'ok', what: `${role} image ${image} is present locally` }
          : { status: 'warn', what: `${role} image ${image} is not present locally; launch will try to pull it`, fix: `without registry access: docker load it, or set ${env} to a local image (offline test images: bash scripts/build-images.sh)` },
      );
    }
    if (/Docker Desktop/i.test(conn.runtime.info.platform)) {
      checks.push({ status: 'warn', what: 'Docker Desktop: the engine runs in a VM; host-side facts come through a helper container' });
    }
    // Probe a running container's process (what podlab really reads). pid 1 says nothing here: sandboxes may deny
    // it even to root, so with no container running the probe path line below is the answer.
    const running = await conn.runtime.containers.list({ running: true, limit: 1 }).catch(() => []);
    const pid = running[0] ? await conn.runtime.containers.status(running[0].id).then((s) => s?.pid ?? 0, () => 0) : 0;
    if (pid > 0) checks.push(procCheck(pid));
    // The probe path the live model will use (direct | helper | none), chosen as it chooses it.
    const { chooseProbe, describeProbe } = await import('../../engine/probe');
    const path = await chooseProbe(conn, running[0] && pid ? { pid, id: running[0].id } : undefined);
    checks.push({ status: path === 'none' ? 'warn' : 'ok', what: `probe path ${describeProbe(path)}`, ...(path === 'none' ? { fix: 'make the demo image available (docker load it, or set PODLAB_DEMO_IMAGE), or run podlab as root' } : {}) });
    return report(checks);
  } catch (err) {
    return failWith('doctor', err);
  }
}

function report(checks: Check[]): number {
  const lines = checks.map((c) => `${mark[c.status]}  ${c.what}${c.fix ? `\n      fix: ${c.fix.split('\n').join('\n      ')}` : ''}`);
  const failed = checks.some((c) => c.status === 'fail');
  lines.push('', failed ? 'podlab is not ready: fix the FAIL lines above.' : 'podlab is ready.');
  process.stdout.write(lines.join('\n') + '\n');
  return failed ? EXIT_ENGINE : EXIT_OK;
}
