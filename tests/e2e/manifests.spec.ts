// A real manifest with an init container, a native sidecar and a shared emptyDir, launched on the real engine and
// seen in the UI (both languages): the pod box draws the init container, tags the sidecar and names who shares the
// volume; clicking the init container's row opens its own panel (state, log, no stop/start). Screenshots land in
// docs/screenshots/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { docker, startServe, testImages, type Served, docShot, openUi, narrowPods, type WireMessage } from './serve-fixture';

const POD = `h16-shot-${process.pid % 10000}`;
let served: Served;
let dir = '';

const MANIFEST = `apiVersion: v1
kind: Pod
metadata: {name: ${POD}}
spec:
  volumes: [{name: content, emptyDir: {}}]
  initContainers:
  - {name: writer, image: ${testImages.PODLAB_DEMO_IMAGE}, command: [sh, -c, "echo hello > /content/index.html; echo writer-wrote-the-page"], volumeMounts: [{name: content, mountPath: /content}]}
  - name: web
    image: ${testImages.PODLAB_DEMO_IMAGE}
    restartPolicy: Always
    command: [httpd, -f, -p, "8080", -h, /content]
    ports: [{containerPort: 8080}]
    volumeMounts: [{name: content, mountPath: /content, readOnly: true}]
  containers:
  - {name: app, image: ${testImages.PODLAB_DEMO_IMAGE}, command: [sh, -c, "while true; do wget -qO- http://127.0.0.1:8080/; sleep 2; done"]}
`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'h16-shots-'));
  writeFileSync(join(dir, 'pod.yaml'), MANIFEST);
  execFileSync('bin/podlab', ['launch', join(dir, 'pod.yaml')], { env: { ...process.env, ...testImages }, stdio: 'ignore', timeout: 60_000 });
  served = await startServe();
});

test.afterAll(async () => {
  await served?.stop();
  execFileSync('bin/podlab', ['rm', POD], { env: { ...process.env, ...testImages }, stdio: 'ignore', timeout: 60_000 });
  rmSync(dir, { recursive: true, force: true });
  expect(docker('ps', '-aq', '--filter', `label=io.podlab.pod=${POD}`)).toBe('');
});

/** The page sees this file's pod only (the engine is shared with other work). */
async function open(page: Page, locale: 'en' | 'ko'): Promise<void> {
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(JSON.stringify(narrowPods(JSON.parse(String(m)) as WireMessage, (name) => name === POD))));
    ws.onMessage((m) => server.send(m));
  });
  await openUi(page, served.url, locale);
}

test('the pod box shows the init container, the native sidecar and the shared emptyDir', async ({ page }) => {
  await open(page, 'en');
  const topo = page.getByTestId('topology');
  await expect(topo.locator('[data-role=init]')).toContainText('init 1: writer');
  await expect(topo.locator('[data-role=sidecar]')).toContainText('web (sidecar)');
  await expect(topo.locator('[data-volume]')).toContainText('volumes: content · emptyDir ← writer, web');
  await docShot(page, 'init-sidecar-volume.png');
});

test("clicking the init container's row opens its panel: Completed, its log, and no stop/start (as kubectl)", async ({ page }) => {
  await open(page, 'en');
  await page.getByTestId('topology').locator('[data-role=init][data-container=writer]').click();
  const detail = page.getByTestId('container-detail');
  await expect(detail).toHaveAttribute('data-container', 'writer');
  await expect(detail).toContainText('exited (0) · Completed');
  await expect(page.getByTestId('container-kind')).toHaveAttribute('data-kind', 'init');
  await expect(page.getByTestId('logs')).toContainText('writer-wrote-the-page');
  await expect(page.getByTestId('detail').getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('open-terminal')).toHaveCount(0);
});

test('… and in Korean', async ({ page }) => {
  await open(page, 'ko');
  const topo = page.getByTestId('topology');
  await expect(topo.locator('[data-role=init]')).toContainText('초기화 1: writer');
  await expect(topo.locator('[data-role=sidecar]')).toContainText('web (사이드카)');
  await expect(topo.locator('[data-volume]')).toContainText('볼륨: content · emptyDir');
  await docShot(page, 'korean-init-sidecar-volume.png');
  await topo.locator('[data-role=init][data-container=writer]').click();
  await expect(page.getByTestId('container-kind')).toContainText('초기화 컨테이너');
});
