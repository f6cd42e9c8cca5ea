// A new user's pod in the app: two containers both running `nc -l -p 7000` with no ports declared. The container
// that lost the race shows the conflict (7000/tcp, held by the other, read from the pod's socket table); with
// `nc -lk` (busybox nc has no -k) each container's panel says why from its log, in English and in Korean.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { podManifest } from '../integration/helpers';
import { onlyPodsStartingWith, openEnglishUi, removePodContainers, startServe, testImages, uniqueName, type Served, docShot } from './serve-fixture';

const prefix = uniqueName('t-nc-e2e');
const dir = mkdtempSync(join(tmpdir(), 't-nc-'));
let served: Served;

function launch(pod: string, flags: string): void {
  const nc = ['nc', flags, '-p', '7000'];
  const file = join(dir, `${pod}.yaml`);
  writeFileSync(file, podManifest(pod, [{ name: 'a', command: nc }, { name: 'b', command: nc }]));
  // Exit 3: the pod exists but a container failed — the point of the lesson.
  try {
    execFileSync('bin/podlab', ['launch', file, '--wait'], { env: { ...process.env, ...testImages }, stdio: 'ignore', timeout: 90_000 });
  } catch (e) {
    if ((e as { status?: number }).status !== 3) throw e;
  }
}

test.beforeAll(async () => {
  launch(`${prefix}-l`, '-l');
  launch(`${prefix}-lk`, '-lk');
  // The kubelet stays off: the failed attempt keeps its exit and log while the test reads them.
  served = await startServe({ PODLAB_KUBELET: 'off' });
});
test.afterAll(async () => {
  await served?.stop();
  removePodContainers(`${prefix}-l`);
  removePodContainers(`${prefix}-lk`);
  rmSync(dir, { recursive: true, force: true });
});

async function open(page: Page): Promise<void> {
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(onlyPodsStartingWith(prefix, String(m))));
    ws.onMessage((m) => server.send(m));
  });
  await openEnglishUi(page, served.url);
}

test('nc -l -p 7000 twice, no ports declared: the loser shows 7000/tcp held by the other', async ({ page }) => {
  await open(page);
  const pod = `${prefix}-l`;
  const box = page.locator(`[data-testid=topology] g[data-pod="${pod}"][data-phase]`);
  const failed = box.locator('[data-container][data-state=failed]');
  await expect(failed).toHaveCount(1);
  const victim = (await failed.getAttribute('data-container'))!;
  const holder = victim === 'a' ? 'b' : 'a';
  await failed.click();
  await expect(page.getByTestId('container-detail')).toHaveAttribute('data-container', victim);
  await expect(page.getByTestId('conflict-text')).toContainText(`port 7000/tcp is already in use in this pod's network namespace`);
  await expect(page.getByTestId('conflict-text')).toContainText(`held by container ${holder} (nc, pid`);
});

test('nc -lk (no -k in busybox): each container says why from its log, in English and Korean', async ({ page }) => {
  await open(page);
  const pod = `${prefix}-lk`;
  const box = page.locator(`[data-testid=topology] g[data-pod="${pod}"][data-phase]`);
  await expect(box.locator('[data-container][data-state=failed]')).toHaveCount(2);
  await box.locator('[data-container="a"]').click();
  await expect(page.getByTestId('conflict')).toHaveCount(0);
  await expect(page.getByTestId('container-message')).toHaveText(`a exited (1); its log says why: "nc: invalid option -- 'k'".`);
  await docShot(page, 'exited-saying.png');
  await page.getByTestId('language').selectOption('ko');
  await expect(page.getByTestId('container-message')).toHaveText(`a 종료됨(종료 코드 1) — 로그에 적힌 이유: "nc: invalid option -- 'k'"`);
});
