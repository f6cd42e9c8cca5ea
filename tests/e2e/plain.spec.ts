// The lesson's two pictures in the real UI against the real engine: a pod and its plain Docker twin side by side with
// the lesson, a foreign container drawn read-only and hidden by the remembered "Show other containers" switch, and the
// Node tab with the runtime's own listing (one pause container per pod). English and Korean. With PODLAB_SCREENSHOTS=1
// it also refreshes docs/screenshots/{plain-vs-pod,node-view,plain-korean}.png.
import { expect, test, type Page } from '@playwright/test';
import { docker, narrowPods, removePodContainers, startServe, testImages, type Served, type WireMessage } from './serve-fixture';

const PREFIX = 'h12-e2e-';
const pod = `${PREFIX}pc`;
const group = `${PREFIX}pc-plain`;
const foreign = `${PREFIX}foreign`;
const OUT = 'docs/screenshots';
const shots = !!process.env.PODLAB_SCREENSHOTS;
let served: Served;

test.describe.configure({ mode: 'serial' });

function removeGroup(): void {
  try {
    const ids = docker('ps', '-aq', '--filter', `label=io.podlab.group=${group}`).split('\n').filter(Boolean);
    if (ids.length) docker('rm', '-f', ...ids);
  } catch {
    // already gone
  }
}

test.beforeAll(async () => {
  removePodContainers(pod);
  removeGroup();
  try {
    docker('rm', '-f', foreign);
  } catch {
    // not there
  }
  docker('run', '-d', '--name', foreign, testImages.PODLAB_DEMO_IMAGE, 'httpd', '-f', '-p', '8080');
  served = await startServe();
});

test.afterAll(async () => {
  await served?.stop();
  removePodContainers(pod);
  removeGroup();
  try {
    docker('rm', '-f', foreign);
  } catch {
    // already gone
  }
});

/** The engine is shared: the page sees only this file's pods, plain containers and node rows. */
function onlyOurs(text: string): string {
  type Plain = { plainContainers?: { name: string }[] };
  const msg = narrowPods(JSON.parse(text) as WireMessage, (name) => name.startsWith(PREFIX));
  const keep = (m: Plain | undefined): void => {
    if (m?.plainContainers) m.plainContainers = m.plainContainers.filter((c) => c.name.startsWith(PREFIX));
  };
  const ev = msg.event as (WireMessage['event'] & { rest?: Plain }) | undefined;
  if (msg.kind === 'push') keep(ev?.type === 'model' ? (ev.model as Plain | undefined) : ev?.rest);
  const r = msg.result as (Plain & { pods?: unknown; rows?: { name: string }[] }) | null | undefined;
  if (msg.kind === 'response' && r && Array.isArray(r.pods)) keep(r);
  if (msg.kind === 'response' && r && Array.isArray(r.rows)) r.rows = r.rows.filter((x) => x.name.includes(PREFIX));
  return JSON.stringify(msg);
}

async function open(page: Page, locale: 'en' | 'ko' = 'en'): Promise<void> {
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(onlyOurs(String(m))));
    ws.onMessage((m) => server.send(m));
  });
  await page.addInitScript((l) => {
    localStorage.setItem('podlab.theme', 'light');
    if (!sessionStorage.getItem('h12-init')) {
      localStorage.setItem('podlab.locale', l);
      sessionStorage.setItem('h12-init', '1');
    }
  }, locale);
  await page.setViewportSize({ width: 1600, height: 980 });
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
}

async function launch(page: Page, name: string, plain: boolean): Promise<void> {
  await page.getByTestId('launch').click();
  await page.locator('[data-testid=template][data-template=port-conflict]').click();
  await page.getByTestId('pod-name').fill(name);
  if (plain) {
    await page.getByTestId('launch-plain').check();
    await expect(page.getByTestId('launch-plain-hint')).toContainText('own network namespace, veth and IP');
  }
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('launch-submit')).toHaveCount(0, { timeout: 90_000 });
}

const topo = (page: Page): ReturnType<Page['getByTestId']> => page.getByTestId('topology');

test('a pod and its plain twin side by side, the lesson beside them; others read-only behind a remembered switch', async ({ page }) => {
  await open(page);
  await launch(page, pod, false);
  await launch(page, group, true);
  const podBox = topo(page).locator(`g[data-pod="${pod}"][data-phase]`);
  const web = topo(page).locator(`g[data-plain="${group}_web"]`);
  const web2 = topo(page).locator(`g[data-plain="${group}_web-2"]`);
  await expect(web).toHaveAttribute('data-twin', pod, { timeout: 20_000 });
  await expect(web2.locator('[data-port="80/tcp"]')).toHaveCount(1, { timeout: 20_000 });
  await expect(web.locator('[data-port="80/tcp"]')).toHaveCount(1);
  // Two IPs and two veths in plain mode; one of each for the pod, whose second server fails.
  const ips = await Promise.all([web, web2].map((g) => g.locator('[data-ip]').getAttribute('data-ip')));
  expect(new Set(ips).size).toBe(2);
  await expect(topo(page).locator(`[data-pod="${pod}"][data-container=web-2][data-state=failed]`)).toHaveCount(1, { timeout: 30_000 });
  // Side by side: the same row, the twin right after the pod.
  const [p, a, b] = await Promise.all([podBox, web, web2].map(async (g) => (await g.locator('rect').first().boundingBox())!));
  expect(Math.abs(a.y - p.y)).toBeLessThan(1);
  expect(Math.abs(b.y - p.y)).toBeLessThan(1);
  expect(a.x).toBeGreaterThan(p.x + p.width);
  expect(b.x).toBeGreaterThan(a.x + a.width);
  const lesson = (await web.locator('[data-lesson]').allTextContents()).join(' ');
  expect(lesson).toContain(`In pod ${pod} beside it, all share one.`);

  // The left column lists the plain group with one IP per container.
  const item = page.locator(`[data-testid=plain-group-item][data-group="${group}"]`);
  await expect(item).toContainText('2 containers · 2 IPs');
  // The foreign container: its own box, read-only in the detail panel.
  const other = topo(page).locator(`g[data-plain="${foreign}"]`);
  await expect(other).toHaveAttribute('data-group', '');
  await other.click();
  await expect(page.getByTestId('plain-readonly')).toContainText('never stops, removes or execs');
  await expect(page.getByTestId('remove-plain-group')).toHaveCount(0);
  await web.click();
  await expect(page.getByTestId('plain-detail')).toHaveAttribute('data-plain', `${group}_web`);
  await expect(page.getByTestId('remove-plain-group')).toBeVisible();
  if (shots) await page.screenshot({ path: `${OUT}/plain-vs-pod.png` });

  // The switch hides others' containers, never podlab's, and is remembered across a reload.
  await page.getByTestId('show-others').uncheck();
  await expect(other).toHaveCount(0);
  await expect(web).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('show-others')).not.toBeChecked();
  await expect(topo(page).locator(`g[data-plain="${group}_web"]`)).toHaveCount(1, { timeout: 20_000 });
  await expect(topo(page).locator(`g[data-plain="${foreign}"]`)).toHaveCount(0);
  await page.getByTestId('show-others').check();
  await expect(topo(page).locator(`g[data-plain="${foreign}"]`)).toHaveCount(1);
});

test('Node tab: the runtime\'s own listing, one pause container per pod, each row mapped to the model', async ({ page }) => {
  await open(page);
  await page.getByTestId('tab-node').click();
  const table = page.getByTestId('node-table');
  await expect(table.locator(`tr[data-name^="k8s_POD_${pod}_default_"]`)).toHaveCount(1, { timeout: 20_000 });
  const pauses = table.locator('tr[data-pause=true]');
  await expect(pauses).toHaveCount(1);
  await expect(pauses.first()).toContainText(`pod ${pod} · sandbox (pause)`);
  await expect(table.locator(`tr[data-name^="k8s_web-2_${pod}_"]`)).toContainText(`pod ${pod} · container web-2`);
  await expect(table.locator(`tr[data-name="${group}_web"]`)).toContainText(`plain group ${group} · web`);
  await expect(table.locator(`tr[data-name="${foreign}"]`)).toContainText("not podlab's (read-only)");
  await expect(page.getByTestId('node-summary')).toContainText('1 pause container(s) for 1 pod(s)');
  await expect(page.getByTestId('node-view')).toContainText('crictl pods');
  await expect(page.getByTestId('node-view')).toContainText('docker ps --filter name=k8s_POD_');
  if (shots) await page.screenshot({ path: `${OUT}/node-view.png` });
});

test('Korean: the switch, the lesson and the Node tab', async ({ page }) => {
  await open(page, 'ko');
  await expect(page.getByTestId('show-others').locator('..')).toContainText('다른 컨테이너 표시');
  const web = topo(page).locator(`g[data-plain="${group}_web"]`);
  await expect(web).toHaveCount(1, { timeout: 20_000 });
  expect((await web.locator('[data-lesson]').allTextContents()).join(' ')).toContain('모두 하나를 공유합니다');
  await expect(web).toContainText('일반 Docker');
  if (shots) await page.screenshot({ path: `${OUT}/plain-korean.png` });
  await page.getByTestId('tab-node').click();
  await expect(page.getByTestId('node-view')).toContainText('노드에서 본 모습');
  await expect(page.getByTestId('node-summary')).toContainText('파드 1개에 pause 컨테이너 1개');
});
