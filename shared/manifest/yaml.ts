// YAML as Kubernetes reads it (sigs.k8s.io/yaml over go-yaml): `\'` inside a double-quoted string is a quote, and
// YAML 1.1 integers with a leading 0 are octal (defaultMode: 0644 is 420). Everything else is YAML 1.2, as before.
import type { SchemaOptions, ScalarTag } from 'yaml';

/** go-yaml keeps YAML 1.1's octal integers: 0644 → 420 (the file modes of the Kubernetes documentation). */
const octal11: ScalarTag = {
  identify: (v) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0[0-7_]+$/,
  resolve: (s: string) => {
    const sign = s.startsWith('-') ? -1 : 1;
    return sign * parseInt(s.replace(/^[-+]/, '').replace(/_/g, ''), 8);
  },
};

/** The schema options of podlab's YAML reader (yaml-bounded.ts does the bounded parsing and unique keys). */
export const YAML_OPTIONS: SchemaOptions = {
  customTags: (tags) => [octal11, ...tags],
};

/**
 * go-yaml accepts `\'` in a double-quoted scalar as a plain quote (YAML itself has no such escape): rewrite it to `'`
 * there, and only there — single-quoted scalars, comments and block scalars are left alone.
 */
export function goYamlEscapes(text: string): string {
  if (!text.includes("\\'")) return text;
  let out = '';
  let i = 0;
  let quote: '"' | "'" | null = null;
  let lineStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (quote === '"') {
      if (ch === '\\' && text[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      if (ch === '\\') {
        out += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (ch === '"') quote = null;
    } else if (quote === "'") {
      if (ch === "'" && text[i + 1] === "'") {
        out += "''";
        i += 2;
        continue;
      }
      if (ch === "'") quote = null;
    } else if (ch === '#' && (lineStart || /\s/.test(text[i - 1] ?? ''))) {
      const end = text.indexOf('\n', i);
      out += end < 0 ? text.slice(i) : text.slice(i, end);
      i = end < 0 ? text.length : end;
      continue;
    } else if ((ch === '"' || ch === "'") && (lineStart || /[\s:,[{-]/.test(text[i - 1] ?? ''))) {
      quote = ch;
    }
    lineStart = ch === '\n';
    out += ch;
    i += 1;
  }
  return out;
}
