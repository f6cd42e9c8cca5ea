// podlab's pre-flight prediction reaches every front end: `launch --json` warnings[], launch's stderr (as podlab's own
// line, not an API-server "Warning:"), and the engine's validateManifest (the UI's manifest editor) — and it comes true.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PodlabEngine } from '../../electron/engine/engine';
import { templateManifest } from '../../electron/engine/templates';
import { appByName, cleanupPods, ensureCliBuilt, podlab, uniqueName } from './helpers';

const created = new Set<string>();
const PREDICTION = 'podlab predicts: web-2 and web will both listen on 80/tcp (from their commands) — the second will fail with "Address already in use"';

beforeAll(() => ensureCliBuilt());
afterAll(() => cleanupPods(created));

it('launch port-conflict --json carries the prediction, stderr prints it, and web-2 does fail on the port', async () => {
  const pod = uniqueName('w2a-preflight');
  created.add(pod);
  const r = await podlab(['launch', 'port-conflict', '--name', pod, '--wait', '--json']);
  expect(r.code, r.stderr).toBe(3);
  const out = JSON.parse(r.stdout) as { warnings: string[] };
  expect(out.warnings).toEqual(['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]', expect.stringContaining(PREDICTION)]);
  expect(r.stderr).toContain('Warning: spec.containers[1].ports[0]: duplicate port definition');
  expect(r.stderr.split('\n').some((l) => l.startsWith(PREDICTION))).toBe(true);
  expect(r.stderr).not.toContain('Warning: podlab predicts');
  expect(appByName(pod, 'web-2')?.State.Status).toBe('exited');
});

it('validateManifest (the manifest editor) returns the prediction too; a harmless template gets none', async () => {
  const engine = await PodlabEngine.connect();
  try {
    const v = await engine.validateManifest((await templateManifest('port-conflict')) ?? '');
    expect(v.ok).toBe(true);
    expect(v.warnings.filter((w) => w.startsWith(PREDICTION))).toHaveLength(1);
    expect((await engine.validateManifest((await templateManifest('tcp-udp')) ?? '')).warnings).toEqual([]);
  } finally {
    await engine.close();
  }
});
