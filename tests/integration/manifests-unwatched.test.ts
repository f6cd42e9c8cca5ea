// What `launch --wait`, `ls` and `inspect` say when no podlab process watches (nobody runs the kubelet's prober or
// restarts): a failing liveness probe is probed once and shown as Unhealthy with who would act on it, and a failed
// postStart hook is reported with the launch (FailedPostStartHook), on the real engine through bin/podlab.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import { podlab } from './helpers';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const dir = mkdtempSync(join(tmpdir(), 'm2-unwatched-'));
const tag = `${process.pid % 10000}-${Math.floor(Math.random() * 1000)}`;
const SICK = `m2-sick-${tag}`;
const WELL = `m2-well-${tag}`;
const HOOK = `m2-hook-${tag}`;

afterAll(async () => {
  await podlab(['rm', SICK, WELL, HOOK]);
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, extra: string): string {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - name: app\n    image: ${DEMO}\n    command: [sh, -c, "sleep 300"]\n${extra}`);
  return f;
}

const container = async (pod: string): Promise<PodModel['containers'][number]> => {
  const r = await podlab(['inspect', pod, '--json']);
  return (JSON.parse(r.stdout) as PodModel).containers[0]!;
};

describe('one-shot readers and the kubelet logic podlab runs only while it watches', () => {
  it('a failing liveness probe: launch --wait exits 3 saying Unhealthy and who would restart it; ls and inspect say so too', async () => {
    const r = await podlab(['launch', file(SICK, '    livenessProbe: {exec: {command: ["false"]}, periodSeconds: 1, failureThreshold: 2}\n'), '--wait']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain("app is running but Unhealthy: app's liveness probe fails now. A kubelet would kill and restart it after 2 failures in a row");
    expect(r.stderr).toContain('podlab probes and restarts only while it watches');
    const ls = await podlab(['ls']);
    expect(ls.stdout).toContain(`Unhealthy (liveness probe):\n  ${SICK}/app: app's liveness probe fails now.`);
    expect(await container(SICK)).toMatchObject({ state: 'running', live: false, restartCount: 0 });
  });

  it('a passing liveness probe: exit 0, nothing said', async () => {
    const r = await podlab(['launch', file(WELL, '    livenessProbe: {exec: {command: ["true"]}, periodSeconds: 1}\n'), '--wait']);
    expect(r.code, r.stderr).toBe(0);
    const c = await container(WELL);
    expect(c.state).toBe('running');
    expect(c.live).toBeUndefined();
    expect((await podlab(['ls'])).stdout).not.toContain(`${WELL}/app`);
  });

  it('a failing postStart hook is reported with the launch: FailedPostStartHook in the output and the JSON', async () => {
    const r = await podlab(['launch', file(HOOK, '    lifecycle: {postStart: {exec: {command: [sh, -c, "echo no-config >&2; exit 3"]}}}\n'), '--wait', '--json']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('FailedPostStartHook: PostStart hook of container app failed, so the container was killed');
    const out = JSON.parse(r.stdout) as PodModel & { warnings: string[] };
    expect(out.warnings.join('\n')).toMatch(/FailedPostStartHook: container app: .*exited with 3: no-config/);
    expect(out.events?.some((e) => e.reason === 'FailedPostStartHook' && e.type === 'Warning')).toBe(true);
    expect(r.stderr).toContain('podlab restarts only while it watches');
  });
});
