// Draws a container outside any pod the plain Docker way: its own netns box (solid, not a pod's dashed one, no pause
// row) with its own veth up to the bridge; podlab's groups carry the lesson beside their twin pod. Containers not on
// the drawn bridge are listed under the drawing, not drawn on it.
import { plainKey, type PlainBox } from './plain-layout';
import type { TopologyLayout } from './topology-layout';
import { GEOMETRY as G, containerHealth, containerStatusText, displayWidth, listeningChips, placeChips, truncate } from './topology-layout';
import type { Health } from './topology-layout';
import type { PlainLabels } from './plain-labels';
import { escapeXml, focusAttrs, MONO, portChips, SYMBOL, text, type Palette } from './svg-parts';

/** The drawing's words a plain box needs (a subset of topology.ts's TopologyLabels). */
export interface PlainDrawLabels {
  noIp: string;
  noNetns: string;
  noVeth: string;
  health: Record<Health, string>;
  plain: PlainLabels;
}

/** The drawing's options a plain box needs (a subset of topology.ts's TopologyOptions). */
export interface PlainDrawOptions {
  theme?: 'light' | 'dark';
  interactive?: boolean;
  selectedPlain?: string | null;
}

const PLAIN = { light: { fill: '#fff7ea', stroke: '#b26a00', foreign: '#f3f4f6', foreignStroke: '#8a94a3' }, dark: { fill: '#2a2116', stroke: '#f0b35a', foreign: '#1e2228', foreignStroke: '#6b7684' } };

export function plainBoxSvg(box: PlainBox, p: Palette, L: PlainDrawLabels, opts: PlainDrawOptions, vethLength: number): string[] {
  const { c, x, y, width: w, height: h } = box;
  const own = c.group !== null;
  const colors = PLAIN[opts.theme === 'dark' ? 'dark' : 'light'];
  const out: string[] = [];
  const vx = x + 48;
  const top = y - vethLength;
  const dash = c.hostVeth ? '' : ' stroke-dasharray="4 4"';
  out.push(`<line x1="${vx}" y1="${top}" x2="${vx}" y2="${y + G.headerHeight}" stroke="${p.veth}" stroke-width="${c.hostVeth ? 3 : 1.5}"${dash}/>`);
  out.push(text(vx + 10, top + 22, c.hostVeth ?? L.noVeth, `font-size="11.5" font-family="${escapeXml(MONO)}" fill="${p.muted}" data-veth="${escapeXml(c.hostVeth ?? '')}"`));
  const sel = opts.selectedPlain === c.name;
  const key = plainKey(c);
  const health = containerHealth({ state: c.state, exitCode: c.exitCode ?? null, reason: null });
  const status = containerStatusText({ state: c.state, exitCode: c.exitCode ?? null, reason: null, restartCount: 0 });
  const aria = `${L.plain.container} ${c.name}, ${own ? `${L.plain.tag}, ${L.plain.group(c.group ?? '')}` : `${L.plain.notPodlabs}, ${L.plain.readOnly}`}, ${c.ip ?? L.noIp}, ${c.namespaces.net ?? L.noNetns}`;
  out.push(`<g data-plain="${escapeXml(c.name)}" data-group="${escapeXml(c.group ?? '')}" data-twin="${escapeXml(box.twin ?? '')}"${focusAttrs(opts, aria)}>`);
  // Solid border: a container's own netns (a pod's box is dashed and holds a pause container).
  out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="${own ? colors.fill : colors.foreign}" stroke="${sel ? p.select : own ? colors.stroke : colors.foreignStroke}" stroke-width="${sel ? 3 : 1.8}"/>`);
  // The tag says whose it is, in a pill at the top right; the name gets the room that is left.
  const tag = own ? L.plain.tag : L.plain.notPodlabs;
  const tagW = displayWidth(tag) * 6.6 + 14;
  out.push(`<rect x="${x + w - 10 - tagW}" y="${y + 7}" width="${tagW}" height="19" rx="9.5" fill="${own ? colors.stroke : colors.foreignStroke}"/>`);
  out.push(text(x + w - 10 - tagW / 2, y + 21, tag, `text-anchor="middle" font-size="11.5" font-weight="600" fill="${p.bg}"`));
  out.push(text(x + 14, y + 20, truncate(key, Math.max(8, Math.floor((w - tagW - 34) / 8.2))), `font-weight="700" font-size="14" fill="${p.fg}"`));
  out.push(text(x + 14, y + 37, `netns ${c.namespaces.net ?? L.noNetns}`, `font-size="12" font-family="${escapeXml(MONO)}" fill="${p.muted}" data-netns="${escapeXml(c.namespaces.net ?? '')}"`));
  const ey = y + G.headerHeight;
  out.push(`<rect x="${x + 10}" y="${ey}" width="${w - 20}" height="${G.ethHeight - 8}" rx="5" fill="${p.eth}"/>`);
  out.push(`<circle cx="${vx}" cy="${ey + 13}" r="5" fill="${p.veth}"/>`);
  // The MAC stays in the detail panel: a plain box is narrower than a pod's.
  out.push(text(vx + 12, ey + 17, `eth0  ${c.ip ?? L.noIp}`, `font-size="12" font-family="${escapeXml(MONO)}" fill="${p.fg}" data-ip="${escapeXml(c.ip ?? '')}"`));
  const ry = ey + G.ethHeight;
  const chips = listeningChips(c.listening, key).map((x) => x.text);
  const placed = placeChips(key, chips, w - 20);
  const failed = health === 'failed';
  const color = failed ? p.failed : health === 'waiting' ? p.waiting : health === 'ok' ? p.ok : p.muted;
  out.push(`<rect x="${x + 10}" y="${ry}" width="${w - 20}" height="${placed.height - 6}" rx="6" fill="${failed ? p.failedBg : p.row}" stroke="${failed ? p.failed : p.rowStroke}" stroke-width="1"/>`);
  out.push(text(x + 20, ry + 16, SYMBOL[health], `font-size="12" fill="${color}"`));
  out.push(text(x + 36, ry + 16, truncate(key, 22), `font-weight="600" fill="${p.fg}"`));
  const whose = own ? L.plain.group(c.group ?? '') : L.plain.readOnly;
  const chipRoom = placed.height === G.rowHeight ? placed.chips.reduce((acc, ch) => acc + ch.width + 6, 0) : 0;
  const statusMax = Math.max(12, Math.floor((w - 56 - chipRoom) / 6.2));
  out.push(text(x + 36, ry + 31, truncate(`${L.health[health]} · ${status} · ${whose}`, statusMax), `font-size="11.5" fill="${failed ? p.failedText : p.muted}"`));
  out.push(...portChips(placed.chips, x, ry, p));
  let ly = ry + placed.height + 14;
  for (const line of box.lessonLines) {
    out.push(text(x + 14, ly, line, `font-size="11.5" font-style="italic" fill="${own ? colors.stroke : p.muted}" data-lesson="1"`));
    ly += G.conflictLine;
  }
  out.push('</g>');
  return out;
}

/** The containers outside any pod that are not on the drawn bridge, as a list under the drawing. */
export function offBridgeSvg(lay: TopologyLayout, p: Palette, L: PlainDrawLabels, bridge: string): string[] {
  if (lay.offBridge.length === 0) return [];
  const x = G.margin + 16;
  let y = lay.offBridgeY + 14;
  const out = [text(x, y, L.plain.offBridge(bridge), `font-size="12.5" font-weight="600" fill="${p.muted}" data-off-bridge="1"`)];
  for (const c of lay.offBridge.slice(0, 6)) {
    y += 17;
    const who = c.group ? L.plain.group(c.group) : `${L.plain.notPodlabs}, ${L.plain.readOnly}`;
    out.push(text(x + 10, y, `${c.name} — ${L.plain.network(c)} · ${c.state}${c.ip ? ` · ${c.ip}` : ''} · ${who}`, `font-size="12" font-family="${escapeXml(MONO)}" fill="${p.fg}" data-off-bridge-container="${escapeXml(c.name)}"`));
  }
  if (lay.offBridge.length > 6) out.push(text(x + 10, y + 17, L.plain.more(lay.offBridge.length - 6), `font-size="12" fill="${p.muted}"`));
  return out;
}
