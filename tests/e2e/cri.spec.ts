// The UI on a CRI runtime: `podlab serve --runtime-endpoint …` against a private containerd with CNI shows a pod
// podlab launched through the CRI (IP and netns as the CRI and the kernel report them, the CNI bridge on the host) and
// a pod made directly through the CRI while the page is open, live and read-only, without any action buttons.
// The Node tab of that node lists both sandboxes in crictl's tables without a side scroll at 1280 px. With PODLAB_SCREENSHOTS=1:
// docs/screenshots/cri-topology.png and cri-node.png.
import { readlinkSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readSandboxInfo } from '../../electron/engine/cri/verbose';
import { expectNoSideScroll, startCriServe, type CriServed } from './cri-fixture';
import { testImages, docShot } from './serve-fixture';

let cri: CriServed;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  cri = await startCriServe('h13');
});

test.afterAll(async () => {
  await cri?.stop();
});

test('a CRI pod in the topology and details, a kubelet pod read-only', async ({ page }) => {
  const { ctd, pod, served } = cri;
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  const [sandbox] = await ctd.cri.listPodSandbox({ labelSelector: { 'io.podlab.pod': pod } });
  const status = await ctd.cri.podSandboxStatus(sandbox!.id, true);
  const ip = status.status?.network?.ip ?? '';
  const netns = readlinkSync(`/proc/${readSandboxInfo(status.info).pid}/ns/net`);
  expect(ip.startsWith(ctd.subnet.slice(0, -4))).toBe(true);

  const box = page.locator(`[data-testid=topology] g[data-pod="${pod}"][data-phase]`);
  await expect(box.locator(`[data-ip="${ip}"]`)).toHaveCount(1);
  await expect(box.locator(`[data-netns="${netns}"]`)).toHaveCount(1);
  await expect(box.locator('[data-container="web"] [data-port="80/tcp"]')).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByTestId('topology')).toContainText(ctd.bridge);
  await page.locator(`[data-testid=pod-item][data-pod="${pod}"]`).click();
  await expect(page.getByTestId('pod-ip')).toHaveText(ip);
  await expect(page.getByTestId('remove-pod')).toBeVisible();

  // A kubelet's pod appears while the page is open (the live model resyncs on its events).
  await ctd.runKubeletPod({ name: 'h13-kube', namespace: 'kube-system', uid: 'h13-e2e-kube' }, { name: 'agent', image: testImages.PODLAB_DEMO_IMAGE, command: ['sh', '-c', 'exec httpd -f -p 9100 -h /'] });
  const observed = page.locator('[data-testid=pod-item][data-pod="kube-system/h13-kube"]');
  await expect(observed.getByTestId('read-only-badge')).toBeVisible();
  await observed.click();
  await expect(page.getByTestId('read-only')).toBeVisible();
  await expect(page.getByTestId('remove-pod')).toHaveCount(0);
  await expect(page.getByTestId('kill-sandbox')).toHaveCount(0);
  await docShot(page, 'cri-topology.png');

  // The Node tab of the same node: podlab's sandbox and the kubelet's side by side in crictl's tables, fitting 1280 px.
  await page.getByTestId('tab-node').click();
  const pods = page.getByTestId('node-cri-pods');
  await expect(pods.locator('tbody tr[data-pause="true"]')).toHaveCount(2);
  await expect(pods.locator('tr[data-name="h13-kube"] .ref')).toHaveText('pod kube-system/h13-kube · sandbox (pause)');
  await expect(page.getByTestId('node-cri-containers').locator('tr[data-name="agent"] .ref')).toHaveText('pod kube-system/h13-kube · container agent');
  await expectNoSideScroll(page, 'node-cri-pods');
  await expectNoSideScroll(page, 'node-cri-containers');
  await docShot(page, 'cri-node.png');
});
