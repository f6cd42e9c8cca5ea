// Facts become words here: a message is a code with parameters, and render() turns it into English or Korean. The
// engine stores codes in the model; the CLI, the UI, the Markdown report and the events all render through render().
import type { Lang, Message, MessageCode, Param, Params, Template } from './codes';
import { en } from './en';
import { ko } from './ko';

export type { Lang, Message, MessageCode, Param, Params, Template } from './codes';
export const LANGS: readonly Lang[] = ['en', 'ko'];

const DICTS: Record<Lang, Record<MessageCode, Template>> = { en, ko };

/** Shorthand for building a message in code. */
export function msg(code: MessageCode, params?: Params): Message {
  return params ? { code, params } : { code };
}

/** One message in one language. Unknown placeholders stay visible as {name} so a missing parameter is noticed. */
export function render(m: Message, lang: Lang = 'en'): string {
  const say = (x: Param | undefined): string => (x == null ? '' : typeof x === 'object' ? render(x, lang) : String(x));
  const t = DICTS[lang][m.code] ?? en[m.code];
  const params = m.params ?? {};
  if (typeof t === 'function') return t(params, say);
  return t.replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? say(params[k]) : whole));
}

/** The message's English, the text JSON readers and the CLI see; null stays null. */
export function english(m: Message | null | undefined): string | null {
  return m ? render(m, 'en') : null;
}
