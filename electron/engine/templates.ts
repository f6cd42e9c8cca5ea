// Built-in templates: Kubernetes Pod manifests in templates/ (docs/pods.md, "Built-in templates"). Found relative to
// this file both in the source tree and in the builds (out/cli, out/main): the first parent holding package.json.
import { existsSync, promises as fsp, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateInfo } from '../../shared/api';
import { parseManifest } from '../../shared/manifest/parse';
import { LANGS } from '../../shared/i18n/message';
import { loadConfig, type PodlabConfig } from './config';

/** The lessons in teaching order; any other templates/*.yaml follow alphabetically. */
export const TEMPLATE_ORDER = ['web-sidecar', 'port-conflict', 'hostport-clash', 'multi-port', 'tcp-udp'];
const TEMPLATE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function hereDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
}

/** What the templates need of the configuration; callers without a loaded one (tests) get the process's. */
export type TemplateConfig = Pick<PodlabConfig, 'templatesDir' | 'templateImage'>;
const processConfig = (): TemplateConfig => loadConfig(process.env);

/** The templates/ directory: PODLAB_TEMPLATES_DIR, else next to the package.json above this file, else under cwd. */
export function templatesDir(config: TemplateConfig): string {
  if (config.templatesDir) return config.templatesDir;
  for (const start of [hereDir(), process.cwd()]) {
    let dir = start;
    for (let i = 0; dir && i < 8; i += 1) {
      if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return join(dir, 'templates');
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('podlab cannot find its templates/ directory; set PODLAB_TEMPLATES_DIR to it.');
}

/** Replaces every container image with PODLAB_DEMO_IMAGE when it is set (offline labs and tests). */
export function applyDemoImage(text: string, env: Pick<NodeJS.ProcessEnv, 'PODLAB_DEMO_IMAGE'>): string {
  const image = env.PODLAB_DEMO_IMAGE;
  if (!image) return text;
  return text.replace(/^(\s*(?:-\s+)?image:\s*).*$/gm, (_m, prefix: string) => `${prefix}${JSON.stringify(image)}`);
}

/** The built-in template names, in teaching order (a listing of one small folder: read at once). */
export async function templateNames(config: TemplateConfig = processConfig()): Promise<string[]> {
  const files = readdirSync(templatesDir(config));
  const names = files.filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
  const rank = (n: string): number => (TEMPLATE_ORDER.includes(n) ? TEMPLATE_ORDER.indexOf(n) : TEMPLATE_ORDER.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A template's title and lesson in the languages its annotations carry besides English. */
export function templateTranslations(ann: Record<string, string>): TemplateInfo['translations'] {
  const out: NonNullable<TemplateInfo['translations']> = {};
  for (const lang of LANGS.filter((l) => l !== 'en')) {
    const title = ann[`podlab.io/title.${lang}`];
    const description = ann[`podlab.io/description.${lang}`];
    if (title && description) out[lang] = { title, description };
  }
  return out;
}

export async function listTemplates(config: TemplateConfig = processConfig()): Promise<TemplateInfo[]> {
  const names = await templateNames(config);
  const out: TemplateInfo[] = [];
  for (const name of names) {
    const manifest = await templateManifest(name, config);
    if (manifest === null) continue;
    const parsed = parseManifest(manifest);
    const ann = parsed.ok ? (parsed.pod.annotations ?? {}) : {};
    out.push({ name, title: ann['podlab.io/title'] ?? name, description: ann['podlab.io/description'] ?? '', manifest, translations: templateTranslations(ann) });
  }
  return out;
}

/** The manifest text of a built-in template (with PODLAB_DEMO_IMAGE applied), or null when no template has that name. */
export async function templateManifest(name: string, config: TemplateConfig = processConfig()): Promise<string | null> {
  if (!TEMPLATE_NAME.test(name)) return null;
  const file = join(templatesDir(config), `${name}.yaml`);
  if (!existsSync(file)) return null;
  return applyDemoImage(await fsp.readFile(file, 'utf8'), { PODLAB_DEMO_IMAGE: config.templateImage ?? undefined });
}
