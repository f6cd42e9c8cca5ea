// A manifest with several Pods in the launch dialog (both languages): an error in the second Pod is marked in its own
// document; once valid, the dialog says it launches each Pod (kubectl apply -f) and does, with the file's ConfigMap.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { docker, startServe, testImages, type Served, docShot, openUi, openLaunchDialog, fillManifest } from './serve-fixture';

const tag = `${process.pid % 10000}`;
const A = `m2-dlg-a-${tag}`;
const B = `m2-dlg-b-${tag}`;
let served: Served;

const pod = (name: string, image: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - name: app\n    image: ${image}\n    command: [sh, -c, 'echo $GREETING; sleep 300']\n    envFrom: [{configMapRef: {name: m2-greeting}}]\n`;
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m2-greeting}\ndata: {GREETING: hello-dialog}\n';
const text = (imageB: string): string => `${pod(A, testImages.PODLAB_DEMO_IMAGE)}---\n${cm}---\n${pod(B, imageB)}`;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop();
  execFileSync('bin/podlab', ['rm', A, B], { env: { ...process.env, ...testImages }, stdio: 'ignore', timeout: 60_000 });
  expect(docker('ps', '-aq', '--filter', `label=io.podlab.pod=${A}`)).toBe('');
  expect(docker('ps', '-aq', '--filter', `label=io.podlab.pod=${B}`)).toBe('');
});

async function openDialog(page: Page, locale: 'en' | 'ko'): Promise<void> {
  await openUi(page, served.url, locale);
  await openLaunchDialog(page);
}

test('an error in the second Pod is marked in its document; a valid file launches every Pod', async ({ page }) => {
  await openDialog(page, 'en');
  await fillManifest(page, text('Bad Image!'));
  await expect(page.getByTestId('launch-submit')).toBeDisabled();
  await expect(page.getByTestId('validation')).toContainText(`document 3: spec.containers[0].image`);
  await expect(page.getByTestId('validation')).toContainText(`pod ${B}: Invalid value`);
  // The mark sits on the image line of the third document, not on the first Pod's.
  const lines = page.locator('.cm-editor .cm-line');
  const imageLine = text('Bad Image!').split('\n').findIndex((l, i) => i > 12 && l.includes('Bad Image!'));
  await expect(lines.nth(imageLine).locator('.cm-lintRange-error')).toHaveCount(1);

  await fillManifest(page, text(testImages.PODLAB_DEMO_IMAGE));
  await expect(page.getByTestId('several-pods')).toContainText(`This manifest holds 2 Pods (${A}, ${B})`);
  await docShot(page, 'launch-several-pods.png');
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('launch-submit')).toHaveCount(0, { timeout: 90_000 });
  for (const p of [A, B]) {
    await expect(page.locator(`[data-testid=pod-item][data-pod="${p}"]`)).toBeVisible();
    const app = docker('ps', '-q', '--filter', `label=io.podlab.pod=${p}`, '--filter', 'label=io.podlab.container=app');
    await expect.poll(() => docker('logs', app)).toContain('hello-dialog');
  }
});

test('… and in Korean, the dialog says it launches each Pod and refuses a pod name', async ({ page }) => {
  await openDialog(page, 'ko');
  await fillManifest(page, text(testImages.PODLAB_DEMO_IMAGE).replaceAll('m2-dlg-', 'm2-dlg-ko-'));
  await expect(page.getByTestId('several-pods')).toContainText('이 매니페스트에는 파드가 2개 있습니다');
  await page.getByTestId('pod-name').fill('one-name');
  await docShot(page, 'korean-launch-several-pods.png');
  await page.getByTestId('launch-submit').click();
  await expect(page.getByRole('alert')).toContainText('파드 이름은 파드 하나의 이름인데');
  expect(docker('ps', '-aq', '--filter', `label=io.podlab.pod=m2-dlg-ko-a-${tag}`)).toBe('');
});
