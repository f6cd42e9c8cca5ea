// The current UI language (English or Korean), defaulting to the system language, remembered across starts.
import type { TopologyLabels } from '../../../../shared/render/topology';
import { en, type MessageKey } from './en';
import { ko } from './ko';
import { explainConflict } from '../../../../shared/conflicts/explain';
import { render, type Message } from '../../../../shared/i18n/message';

export type Locale = 'en' | 'ko';
export const LOCALES: { id: Locale; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'ko', name: '한국어' },
];
const DICTS: Record<Locale, Record<MessageKey, string>> = { en, ko };

export function systemLocale(languages: readonly string[]): Locale {
  return languages.some((l) => l.toLowerCase().startsWith('ko')) && !languages[0]?.toLowerCase().startsWith('en') ? 'ko' : 'en';
}

function initial(): Locale {
  try {
    const saved = localStorage.getItem('podlab.locale');
    if (saved === 'en' || saved === 'ko') return saved;
  } catch {
    // storage unavailable: fall through to the system language
  }
  return systemLocale(typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]);
}

export const i18n = $state<{ locale: Locale }>({ locale: typeof window === 'undefined' ? 'en' : initial() });

export function setLocale(l: Locale): void {
  i18n.locale = l;
  document.documentElement.lang = l;
  try {
    localStorage.setItem('podlab.locale', l);
  } catch {
    // not remembered, still applied
  }
}

/** Fills {name} placeholders of one UI string. */
function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** Translates a key, filling {name} placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return fill(DICTS[i18n.locale][key] ?? en[key], params);
}

/** A fact's message (shared/i18n) in the UI's language. */
export function say(m: Message): string {
  return render(m, i18n.locale);
}

export function topologyLabels(): Partial<TopologyLabels> {
  return {
    host: t('topo.host'), bridge: t('topo.bridge'), publishedPorts: t('topo.publishedPorts'), noPublishedPorts: t('topo.noPublishedPorts'),
    noPods: t('topo.noPods'), pod: t('topo.pod'), sandbox: t('topo.sandbox'), noIp: t('topo.noIp'), noVeth: t('topo.noVeth'), notBound: t('topo.notBound'),
    health: { ok: t('health.ok'), failed: t('health.failed'), waiting: t('health.waiting'), stopped: t('health.stopped') },
    init: t('topo.init'), sidecar: t('topo.sidecar'), volumes: t('topo.volumes'), hostNetwork: t('topo.hostNetwork'),
    ephemeral: t('topo.ephemeral'), target: t('topo.target'),
    // In English the drawing keeps the engine's sentence, so it stays identical to the exported SVG.
    ...(i18n.locale === 'en' ? {} : { conflictText: (c, pod) => explainConflict(i18n.locale, c, pod).text }),
    plain: {
      tag: t('plain.tag'), group: (group) => t('plain.group', { group }), notPodlabs: t('plain.notPodlabs'), readOnly: t('plain.readOnlyShort'),
      container: t('plain.container'),
      lesson: (pod) => (pod ? t('plain.lessonTwin', { pod }) : t('plain.lessonAlone')),
      offBridge: (bridge) => t('plain.offBridge', { bridge }),
      network: (c) => (c.network === 'host' ? t('plain.hostNetwork') : c.network === 'none' ? t('plain.noNetwork') : c.bridge ? `${t('topo.bridge')} ${c.bridge}` : t('plain.network', { name: c.network })),
      more: (n) => t('plain.more', { n }),
    },
  };
}
