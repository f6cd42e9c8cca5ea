// The live model's timeline on the real engine: web-2 of port-conflict dies once, so it has one BackOff, the one that
// says why. The first derivation, from the engine's die event, knows neither the exit time inspect reports (Docker's
// die event comes after the network teardown) nor the cause; the explained one must replace it, not sit beside it.
import { expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import { latestPushedPod, podlab, uniqueName, until } from './helpers';

it('port-conflict: web-2 has exactly one BackOff on the live timeline, and it names the port and the holder', async () => {
  const { PodlabEngine } = await import('../../electron/engine/engine');
  const pod = uniqueName('live-backoff');
  // Only this pod is the kubelet's: its first restart comes after the default 10 s back-off, past this test's look.
  const engine = await PodlabEngine.connect({ ...process.env, PODLAB_KUBELET_ONLY: pod });
  try {
    const seen = latestPushedPod(engine, pod);
    await engine.startLive();
    await engine.launch({ template: 'port-conflict', name: pod });
    const backOffs = (p: PodModel | undefined): string[] => (p?.events ?? []).filter((e) => e.reason === 'BackOff' && e.container === 'web-2').map((e) => e.message);
    await until(() => backOffs(seen.latest).some((m) => m.includes('port 80/tcp is already in use')), 10_000, 100, 'the explained BackOff');
    // Let the re-reads that follow the die event land, then look again.
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen.latest?.containers.find((c) => c.name === 'web-2')?.restartCount).toBe(0);
    expect(backOffs(seen.latest)).toEqual([expect.stringContaining('port 80/tcp is already in use')]);
  } finally {
    await engine.close();
    await podlab(['rm', pod]);
  }
}, 60_000);
