// Kubernetes-style field checks shared by the manifest validator: DNS-1123 names, ports, IPs, error wording.
import type { ManifestIssue } from './types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Kubernetes' own sentence for a bad DNS-1123 label, so a learner sees what the API server would say. */
export function dns1123LabelError(value: string): string | null {
  if (value.length > 63) return `must be no more than 63 characters`;
  if (!DNS1123_LABEL.test(value)) {
    return (
      `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end ` +
      `with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
    );
  }
  return null;
}

export function dns1123SubdomainError(value: string): string | null {
  if (value.length > 253) return `must be no more than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return (
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and ` +
      `end with an alphanumeric character (e.g. 'example.com', regex used for validation is ` +
      `'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`
    );
  }
  return null;
}

/** Label/annotation key: optional DNS-1123 subdomain prefix + "/" + a name of at most 63 characters. */
export function qualifiedNameError(key: string): string | null {
  const parts = key.split('/');
  if (parts.length > 2) return `a qualified name must consist of an optional DNS subdomain prefix and a name, separated by '/'`;
  const [prefix, name] = parts.length === 2 ? parts : [null, parts[0]];
  if (prefix !== null && dns1123SubdomainError(prefix ?? '')) return `prefix part ${dns1123SubdomainError(prefix ?? '')}`;
  if (!name || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `name part must consist of alphanumeric characters, '-', '_' or '.', must start and end with an alphanumeric character and be at most 63 characters`;
  }
  return null;
}

export function labelValueError(value: string): string | null {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return null;
}

/** IANA_SVC_NAME, the rule for a port's name. */
export function portNameError(value: string): string | null {
  if (value.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(value)) return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
  if (value.includes('--')) return 'must not contain consecutive hyphens';
  if (!/[a-z]/.test(value)) return 'must contain at least one letter (a-z)';
  if (value.startsWith('-') || value.endsWith('-')) return 'must not begin or end with a hyphen';
  return null;
}

export function isIP(value: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (v4.test(value)) return true;
  if (!/^[0-9a-fA-F:.]+$/.test(value) || !value.includes(':')) return false;
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  const okGroup = (g: string, last: boolean): boolean => /^[0-9a-fA-F]{1,4}$/.test(g) || (last && v4.test(g));
  if (!groups.every((g, i) => okGroup(g, i === groups.length - 1))) return false;
  const count = groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** Go's %q-like quoting used in Kubernetes messages ("web", 80). */
export function quote(value: unknown): string {
  // !!binary decodes to bytes: name them instead of printing a Buffer's JSON.
  if (value instanceof Uint8Array) return `binary data (!!binary, ${value.length} bytes) — write the value as text`;
  const text = typeof value === 'string' ? JSON.stringify(value) : String(typeof value === 'object' ? JSON.stringify(value) : value);
  // A message quotes a value, not a whole 256 KiB document.
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function invalid(path: string, value: unknown, why: string): ManifestIssue {
  return { path, message: `Invalid value: ${quote(value)}: ${why}` };
}

export function required(path: string, hint: string): ManifestIssue {
  return { path, message: `Required value: ${hint}` };
}

export function unsupportedValue(path: string, value: unknown, supported: string[], hint = ''): ManifestIssue {
  return { path, message: `Unsupported value: ${quote(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}${hint}` };
}

/** A Kubernetes field podlab chooses not to run: the field once, and why. */
export function notSupported(path: string, why: string): ManifestIssue {
  return { path, message: `not supported by podlab: ${path} — ${why}` };
}

/** A field Kubernetes does not know either: kubectl's strict field validation says `unknown field`. */
export function unknownField(path: string): ManifestIssue {
  return { path, message: `unknown field ${JSON.stringify(path)} — Kubernetes would refuse it too (check its spelling and indentation)` };
}

/**
 * Why a path is not absolute: a Windows path (C:\etc, C:/scratch) gets the reason — a cluster runs such a pod on a
 * Windows node, and podlab's engine runs Linux containers, where only /absolute paths mount.
 */
export function absolutePathReason(path: string): string {
  return /^[A-Za-z]:[\\/]/.test(path)
    ? 'is a Windows path: a cluster would run this pod on a Windows node (nodeSelector kubernetes.io/os: windows); podlab\'s engine runs Linux containers, where a path must be absolute — write a Linux path such as /data'
    : 'must be an absolute path';
}
