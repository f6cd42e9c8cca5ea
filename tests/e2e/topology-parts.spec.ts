// With many pods on screen a change must not redraw them all: the topology replaces only the parts whose drawing
// changed (shared/render/topology.ts topologyParts). A container killed outside podlab redraws its own pod's box;
// another pod's box stays the very same DOM node. Against the real engine, through `podlab serve`.
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { docker, removePodContainers, startServe, testImages, uniqueName, type Served } from './serve-fixture';

let served: Served;
const base = uniqueName('s15-parts');
// Sorted before the killed pod, so a taller box for the killed one cannot move it either.
const kept = `${base}-a`;
const killed = `${base}-b`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const env = { ...process.env, ...testImages };
  for (const name of [kept, killed]) execFileSync('bin/podlab', ['launch', 'web-sidecar', '--name', name, '--wait'], { env, stdio: 'ignore', timeout: 120_000 });
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop();
  removePodContainers(kept);
  removePodContainers(killed);
});

test('a killed container redraws its own pod only; the other pod keeps its DOM node', async ({ page }) => {
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  const box = (pod: string): string => `[data-testid=topology] g[data-pod="${pod}"][data-phase]`;
  await expect(page.locator(`${box(killed)} [data-container="sidecar"]`)).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await expect(page.locator(box(kept))).toHaveCount(1);
  // Mark both boxes' current DOM nodes; a replaced part comes back as a new node without the mark.
  await page.evaluate(
    ([a, b]) => {
      for (const sel of [a, b]) (document.querySelector(sel!) as unknown as { __mark?: boolean }).__mark = true;
    },
    [box(kept), box(killed)],
  );
  const id = docker('ps', '-q', '--filter', `label=io.podlab.pod=${killed}`, '--filter', 'label=io.podlab.container=sidecar');
  docker('kill', id);
  await expect(page.locator(`${box(killed)} [data-container="sidecar"]`)).toHaveAttribute('data-state', 'failed', { timeout: 15_000 });
  const marks = await page.evaluate(
    ([a, b]) => [a, b].map((sel) => (document.querySelector(sel!) as unknown as { __mark?: boolean } | null)?.__mark === true),
    [box(kept), box(killed)],
  );
  expect(marks).toEqual([true, false]);
  // The drawing is still one SVG document: the pods' boxes are its children, not nested documents.
  expect(await page.locator('[data-testid=topology] svg').count()).toBe(1);
});
