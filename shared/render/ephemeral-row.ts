// The row of one ephemeral (debug) container inside its pod's netns box: it joined the sandbox's network namespace, so
// it belongs in the box, but it is no part of the pod's spec — a dashed outline and an "ephemeral" tag say so, its
// target (whose PID namespace it shares) is named, and once exited it is greyed, as it is never restarted.
import type { EphemeralContainerModel, PodModel } from '../model';
import { GEOMETRY as G, containerHealth, containerStatusText, displayWidth, truncate, type Health } from './topology-layout';
import { escapeXml, focusAttrs, SYMBOL, text, type Palette } from './svg-parts';

export interface EphemeralLabels {
  ephemeral: string;
  target: string;
  health: Record<Health, string>;
}

/** The words of an ephemeral row's status line: health, state, and the target when there is one. */
export function ephemeralStatus(c: EphemeralContainerModel, L: EphemeralLabels): { health: Health; text: string } {
  const health = containerHealth({ state: c.state, exitCode: c.exitCode ?? null, reason: null });
  const status = containerStatusText({ state: c.state, exitCode: c.exitCode ?? null, reason: null, restartCount: 0 });
  return { health, text: `${L.health[health]} · ${status}${c.target ? ` · ${L.target} ${c.target}` : ''}` };
}

/** How the row is drawn in the app: focusable, and outlined in the selection colour while its panel is open. */
export interface EphemeralRowState {
  interactive?: boolean;
  selected?: boolean;
}

export function ephemeralRow(pod: PodModel, c: EphemeralContainerModel, x: number, y: number, w: number, p: Palette, L: EphemeralLabels, state: EphemeralRowState = {}): string[] {
  const { health, text: status } = ephemeralStatus(c, L);
  const ended = c.state === 'exited' || c.state === 'dead';
  const color = health === 'failed' ? p.failed : health === 'waiting' ? p.waiting : health === 'ok' ? p.ok : p.muted;
  const tagW = displayWidth(L.ephemeral) * 6.6 + 14;
  const tagX = x + w - 20 - tagW;
  // Focusable like the pod's own rows: Enter or a click opens its panel (its state, target, log, terminal).
  const aria = `${L.ephemeral} ${c.name}: ${status}`;
  const out: string[] = [
    `<g data-pod="${escapeXml(pod.name)}" data-ephemeral="${escapeXml(c.name)}" data-role="ephemeral" data-state="${health}"${c.target ? ` data-target="${escapeXml(c.target)}"` : ''}${ended ? ' opacity="0.55"' : ''}${focusAttrs(state, aria)}>`,
    `<rect x="${x + 10}" y="${y}" width="${w - 20}" height="${G.rowHeight - 6}" rx="6" fill="${p.row}" stroke="${state.selected ? p.select : p.veth}" stroke-width="${state.selected ? 2.5 : 1.2}" stroke-dasharray="5 3"/>`,
    text(x + 20, y + 16, SYMBOL[health], `font-size="12" fill="${color}"`),
    text(x + 36, y + 16, truncate(c.name, Math.floor((tagX - x - 44) / 7.5)), `font-weight="600" fill="${p.fg}"`),
    `<rect x="${tagX}" y="${y + 5}" width="${tagW}" height="16" rx="8" fill="none" stroke="${p.muted}" stroke-dasharray="3 2"/>`,
    text(tagX + tagW / 2, y + 17, L.ephemeral, `text-anchor="middle" font-size="11" font-style="italic" fill="${p.muted}" data-tag="ephemeral"`),
    text(x + 36, y + 31, truncate(status, Math.floor((w - 56) / 6.2)), `font-size="11.5" fill="${health === 'failed' ? p.failedText : p.muted}"`),
    '</g>',
  ];
  return out;
}
