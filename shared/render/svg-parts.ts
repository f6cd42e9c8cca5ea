// The SVG primitives the topology drawings share (pods in topology.ts, plain containers in plain-topology.ts): palette
// type, escaping, text, the health symbols, keyboard focus attributes and port chips.
import type { ChipPlacement, Health } from './topology-layout';

export interface Palette {
  bg: string; fg: string; muted: string; host: string; hostStroke: string; bridge: string; bridgeText: string;
  pod: string; podStroke: string; eth: string; row: string; rowStroke: string; chip: string; chipText: string;
  failed: string; failedBg: string; failedText: string; waiting: string; ok: string; veth: string; select: string; warn: string;
}

export const MONO = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";
export const SYMBOL: Record<Health, string> = { ok: '●', failed: '✕', waiting: '◔', stopped: '■' };

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

export function text(x: number, y: number, s: string, attrs: string): string {
  return `<text x="${x}" y="${y}" ${attrs}>${escapeXml(s)}</text>`;
}

export function focusAttrs(opts: { interactive?: boolean }, label: string): string {
  return opts.interactive ? ` tabindex="0" role="button" aria-label="${escapeXml(label)}"` : '';
}

/** A row's port chips (placed by placeChips) at the row whose box starts at x, y. */
export function portChips(chips: ChipPlacement[], x: number, y: number, p: Palette): string[] {
  return chips.map((c) => {
    const cx = x + 10 + c.dx;
    const cy = y + c.dy;
    return (
      `<g data-port="${escapeXml(c.text)}"><rect x="${cx}" y="${cy}" width="${c.width}" height="20" rx="10" fill="${p.chip}"/>` +
      text(cx + c.width / 2, cy + 14, c.text, `text-anchor="middle" font-size="11.5" font-family="${escapeXml(MONO)}" fill="${p.chipText}"`) +
      '</g>'
    );
  });
}
