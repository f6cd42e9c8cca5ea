// Draws the whole pod-network topology as one self-contained SVG string (inline styles, no external fonts).
// The UI shows exactly this output and snapshot exports embed it, so the exported SVG is the drawing on screen.
import type { Conflict, ContainerModel, Model, PodModel } from '../model';
import {
  GEOMETRY as G,
  containerHealth,
  containerRowHeight,
  placeChips,
  containerStatusText,
  layoutTopology,
  listeningChips,
  displayWidth,
  truncate,
  type Health,
  type PodBox,
} from './topology-layout';
import { ENGLISH_PLAIN_LABELS, type PlainLabels } from './plain-labels';
import { offBridgeSvg, plainBoxSvg } from './plain-topology';
import { escapeXml, focusAttrs, MONO, portChips, SYMBOL, text, type Palette } from './svg-parts';

export { escapeXml } from './svg-parts';
import { drawnBridge } from './plain-layout';
import { ephemeralRow } from './ephemeral-row';
import type { PodPartCache } from './topology-cache';

export interface TopologyLabels {
  host: string;
  bridge: string;
  publishedPorts: string;
  noPublishedPorts: string;
  noPods: string;
  pod: string;
  sandbox: string;
  noIp: string;
  noNetns: string;
  noVeth: string;
  notBound: string;
  health: Record<Health, string>;
  /** Tags for init containers and native sidecars, the volumes line, and a pod on the node's network. */
  init?: string;
  sidecar?: string;
  volumes?: string;
  /** The tag of an ephemeral (debug) container's row, and the word before its target container. */
  ephemeral?: string;
  target?: string;
  hostNetwork?: string;
  /** A conflict's sentence in the drawing's language; default: the engine's English message. */
  conflictText?: (c: Conflict, pod: PodModel) => string;
  /** Containers outside any pod (plain-topology.ts). */
  plain: PlainLabels;
}

export const ENGLISH_LABELS: TopologyLabels = {
  host: 'host',
  bridge: 'bridge',
  publishedPorts: 'published ports (host edge)',
  noPublishedPorts: 'no published ports',
  noPods: 'No pods yet — launch one from a template.',
  pod: 'pod',
  sandbox: 'pause (sandbox)',
  noIp: 'no IP',
  noNetns: 'net:[?]',
  noVeth: 'no veth (sandbox not running)',
  notBound: 'not bound',
  health: { ok: 'OK', failed: 'FAILED', waiting: 'WAITING', stopped: 'STOPPED' },
  init: 'init',
  sidecar: 'sidecar',
  volumes: 'volumes',
  hostNetwork: "node's network",
  ephemeral: 'ephemeral',
  target: 'target',
  plain: ENGLISH_PLAIN_LABELS,
};

export interface TopologyOptions {
  theme?: 'light' | 'dark';
  width?: number;
  labels?: Partial<TopologyLabels>;
  /** Adds tabindex/role so the drawing is keyboard reachable when shown in the UI. */
  interactive?: boolean;
  selected?: { pod: string; container?: string | null } | null;
  /** The selected container outside any pod (by Docker name). */
  selectedPlain?: string | null;
  /** Pod parts kept from the previous drawing (a view that redraws on every change passes one; topology-cache.ts). */
  cache?: PodPartCache;
}

const LIGHT: Palette = {
  bg: '#f7f8fa', fg: '#1b1f24', muted: '#5a6472', host: '#ffffff', hostStroke: '#9aa5b1', bridge: '#2f6fde', bridgeText: '#ffffff',
  pod: '#eef4ff', podStroke: '#2f6fde', eth: '#dde8fb', row: '#ffffff', rowStroke: '#c3ccd6', chip: '#0f7b5f', chipText: '#ffffff',
  failed: '#c62828', failedBg: '#fdecec', failedText: '#9b1c1c', waiting: '#a15c00', ok: '#1b7f3b', veth: '#6b7785', select: '#e08a00', warn: '#9b1c1c',
};
const DARK: Palette = {
  bg: '#14171c', fg: '#e6e9ee', muted: '#9aa4b1', host: '#1b2027', hostStroke: '#4a5563', bridge: '#4d8ef0', bridgeText: '#0b0e12',
  pod: '#18243a', podStroke: '#4d8ef0', eth: '#22314d', row: '#1f2530', rowStroke: '#3a4452', chip: '#2fb389', chipText: '#0b0e12',
  failed: '#ff6b6b', failedBg: '#3a1d20', failedText: '#ffb3b3', waiting: '#f0b35a', ok: '#5fd38a', veth: '#8b96a5', select: '#f0b35a', warn: '#ffb3b3',
};

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans KR', 'Malgun Gothic', sans-serif";
/** The <svg> element's own attributes (the UI sets them on its element; the document string writes them out). */
export interface TopologySvgAttrs {
  width: number;
  height: number;
  viewBox: string;
  'font-family': string;
  'font-size': string;
  role: string;
  'aria-label': string;
}

/**
 * The drawing as the <svg> element's attributes and its content in keyed parts — the frame, the published ports, the
 * bridges, one part per pod and per plain container… — so that the UI replaces only the parts whose text changed
 * (a killed container redraws its pod, not a hundred). renderTopologySvg joins them into the one document.
 */
export interface TopologyParts {
  attrs: TopologySvgAttrs;
  parts: { key: string; svg: string }[];
}

export function topologyParts(model: Model, opts: TopologyOptions = {}): TopologyParts {
  const p = opts.theme === 'dark' ? DARK : LIGHT;
  const L: TopologyLabels = { ...ENGLISH_LABELS, ...opts.labels, health: { ...ENGLISH_LABELS.health, ...opts.labels?.health }, plain: { ...ENGLISH_PLAIN_LABELS, ...opts.labels?.plain } };
  const lay = layoutTopology(model, opts.width ?? 1200, L.conflictText, L.plain.lesson);
  const W = lay.width;
  const attrs: TopologySvgAttrs = {
    width: W,
    height: lay.height,
    viewBox: `0 0 ${W} ${lay.height}`,
    'font-family': FONT,
    'font-size': '13',
    role: 'img',
    'aria-label': `${L.host} ${model.engine.endpoint}: ${model.pods.length} ${L.pod}`,
  };
  const parts: { key: string; svg: string }[] = [];
  const add = (key: string, lines: string[]): void => {
    if (lines.length) parts.push({ key, svg: lines.join('\n') });
  };
  // Host box.
  const hx = G.margin;
  const engine = `${L.host} · ${model.engine.endpoint}${model.engine.version ? ` · ${model.engine.name || 'Docker'} ${model.engine.version}` : ''}`;
  add('frame', [
    `<title>${escapeXml(`podlab topology — ${model.engine.endpoint} (${model.pods.length})`)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${lay.height}" fill="${p.bg}"/>`,
    `<rect x="${hx}" y="${lay.hostY}" width="${W - 2 * G.margin}" height="${lay.height - 2 * G.margin}" rx="10" fill="${p.host}" stroke="${p.hostStroke}" stroke-width="1.5"/>`,
    text(hx + 14, lay.hostY + 22, engine, `font-weight="600" fill="${p.fg}"`),
  ]);
  add('host-ports', hostPortStrip(model, p, L, W));
  add('bridges', bridges(model, lay.bridges, p, L));
  if (model.pods.length === 0 && lay.plain.length === 0) {
    const y = (lay.bridges[0]?.y ?? lay.hostY + G.hostPortStrip + 40) + 60;
    add('no-pods', [text(W / 2, y, L.noPods, `text-anchor="middle" font-size="15" fill="${p.muted}"`)]);
  }
  const cache = opts.cache;
  cache?.use(`${opts.theme}|${opts.interactive}|${JSON.stringify(L)}`);
  for (const box of lay.pods) {
    const key = `pod:${box.pod.name}`;
    if (!cache) add(key, podBox(box, p, L, opts));
    else parts.push(cache.part(box, opts.selected?.pod === box.pod.name ? `=${opts.selected.container ?? ''}` : '', () => ({ key, svg: podBox(box, p, L, opts).join('\n') })));
  }
  lay.plain.forEach((box, i) => add(`plain:${i}`, plainBoxSvg(box, p, L, opts, G.vethLength)));
  add('off-bridge', offBridgeSvg(lay, p, L, drawnBridge(model)));
  return { attrs, parts };
}

/** The topology of `model` as a complete SVG document string. */
export function renderTopologySvg(model: Model, opts: TopologyOptions = {}): string {
  const { attrs: a, parts } = topologyParts(model, opts);
  const open =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${a.width}" height="${a.height}" viewBox="${a.viewBox}" ` +
    `font-family="${escapeXml(a['font-family'])}" font-size="${a['font-size']}" role="${a.role}" aria-label="${escapeXml(a['aria-label'])}">`;
  return [open, ...parts.map((x) => x.svg), '</svg>'].join('\n');
}

function hostPortStrip(model: Model, p: Palette, L: TopologyLabels, W: number): string[] {
  const out: string[] = [];
  const y = G.margin + 30;
  let x = G.margin + 14;
  const label = `${L.publishedPorts}:`;
  out.push(text(x, y + 14, label, `font-size="12" fill="${p.muted}"`));
  x += displayWidth(label) * 6.6 + 10;
  // A hostPort is only really held while the pod's sandbox runs; otherwise it is drawn hollow and says so.
  const chips = model.pods.flatMap((pod) => pod.ports.map((pp) => ({ pod: pod.name, pp, bound: pod.sandbox?.state === 'running' })));
  if (chips.length === 0) out.push(text(x, y + 14, L.noPublishedPorts, `font-size="12" font-style="italic" fill="${p.muted}"`));
  for (const { pod, pp, bound } of chips) {
    const t = `${bound ? '' : '✕ '}${pp.hostIp || '0.0.0.0'}:${pp.hostPort} → ${pod}:${pp.containerPort}/${pp.protocol}${bound ? '' : ` (${L.notBound})`}`;
    const w = displayWidth(t) * 6.5 + 16;
    if (x + w > W - G.margin - 10) break;
    const chip = bound
      ? `<rect x="${x}" y="${y}" width="${w}" height="20" rx="10" fill="${p.chip}"/>`
      : `<rect x="${x}" y="${y}" width="${w}" height="20" rx="10" fill="${p.failedBg}" stroke="${p.failed}" stroke-dasharray="4 3"/>`;
    out.push(
      `<g data-pod="${escapeXml(pod)}" data-host-port="${pp.hostPort}/${pp.protocol}" data-bound="${bound}">` +
        chip +
        text(x + w / 2, y + 14, t, `text-anchor="middle" font-size="11.5" font-family="${escapeXml(MONO)}" fill="${bound ? p.chipText : p.failedText}"`) +
        '</g>',
    );
    x += w + 8;
  }
  return out;
}

function bridges(model: Model, rows: { y: number; x1: number; x2: number }[], p: Palette, L: TopologyLabels): string[] {
  const out: string[] = [];
  const br = model.host.bridges.find((b) => b.name === 'docker0') ?? model.host.bridges[0];
  const name = br?.name ?? 'docker0';
  const bridgeText = `${name} (${L.bridge}) ${br ? `${br.gateway}${br.subnet ? ` · ${br.subnet}` : ''}` : ''}`.trim();
  const first = rows[0] ?? { y: G.margin + G.hostPortStrip + 40, x1: G.margin + 16, x2: G.margin + 16 + 420 };
  const last = rows[rows.length - 1] ?? first;
  // One bridge: a trunk on the left joins the segment every row of pods hangs from.
  if (rows.length > 1) out.push(`<rect x="${first.x1}" y="${first.y}" width="8" height="${last.y - first.y + G.bridgeHeight / 2}" fill="${p.bridge}"/>`);
  for (const [i, r] of (rows.length ? rows : [first]).entries()) {
    const x2 = Math.max(r.x2, r.x1 + 420);
    out.push(`<rect data-bridge="${escapeXml(name)}" x="${r.x1}" y="${r.y - G.bridgeHeight / 2}" width="${x2 - r.x1}" height="${G.bridgeHeight}" rx="6" fill="${p.bridge}"/>`);
    out.push(text(r.x1 + 12, r.y + 5, i === 0 ? bridgeText : `${name} (${L.bridge})`, `font-weight="600" font-size="12.5" fill="${p.bridgeText}"`));
  }
  return out;
}

function podBox(box: PodBox, p: Palette, L: TopologyLabels, opts: TopologyOptions): string[] {
  const { pod, x, y, width: w, height: h } = box;
  const out: string[] = [];
  const vx = x + 48;
  const top = y - G.vethLength;
  // veth pair: host end on the bridge, pod end is eth0.
  const dash = pod.hostVeth ? '' : ' stroke-dasharray="4 4"';
  out.push(`<line x1="${vx}" y1="${top}" x2="${vx}" y2="${y + G.headerHeight}" stroke="${p.veth}" stroke-width="${pod.hostVeth ? 3 : 1.5}"${dash}/>`);
  out.push(text(vx + 10, top + 22, pod.hostVeth ?? L.noVeth, `font-size="11.5" font-family="${escapeXml(MONO)}" fill="${p.muted}" data-veth="${escapeXml(pod.hostVeth ?? '')}"`));
  const sel = opts.selected?.pod === pod.name && !opts.selected.container;
  const failedPod = pod.phase === 'Failed' || pod.conflicts.length > 0;
  const aria = `${L.pod} ${pod.name}, ${pod.phase}, ${pod.ip ?? L.noIp}, ${pod.namespaces.net ?? L.noNetns}`;
  out.push(`<g data-pod="${escapeXml(pod.name)}" data-phase="${pod.phase}"${focusAttrs(opts, aria)}>`);
  out.push(
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="${p.pod}" stroke="${sel ? p.select : failedPod ? p.failed : p.podStroke}" ` +
      `stroke-width="${sel ? 3 : 1.6}" stroke-dasharray="7 4"/>`,
  );
  const phaseText = pod.phase + (pod.conflicts.length ? ` ⚠ ${pod.conflicts.length}` : '');
  // The title gets what the phase on its right leaves (≈8.6 px a character at 14 px bold, ≈7.6 at 12.5 px); the full
  // name stays in the group's aria-label.
  const titleMax = Math.max(8, Math.floor((w - 40 - displayWidth(phaseText) * 7.6) / 8.6));
  out.push(text(x + 14, y + 20, truncate(`${L.pod} ${pod.name}`, titleMax), `font-weight="700" font-size="14" fill="${p.fg}"`));
  const phaseColor = pod.phase === 'Running' && !failedPod ? p.ok : pod.phase === 'Pending' ? p.waiting : failedPod || pod.phase === 'Failed' ? p.failed : p.muted;
  out.push(text(x + w - 14, y + 20, phaseText, `text-anchor="end" font-weight="600" font-size="12.5" fill="${phaseColor}"`));
  out.push(text(x + 14, y + 37, `netns ${pod.namespaces.net ?? L.noNetns}`, `font-size="12" font-family="${escapeXml(MONO)}" fill="${p.muted}" data-netns="${escapeXml(pod.namespaces.net ?? '')}"`));
  // eth0: the pod's end of the veth.
  const ey = y + G.headerHeight;
  out.push(`<rect x="${x + 10}" y="${ey}" width="${w - 20}" height="${G.ethHeight - 8}" rx="5" fill="${p.eth}"/>`);
  out.push(`<circle cx="${vx}" cy="${ey + 13}" r="5" fill="${p.veth}"/>`);
  const eth = pod.hostNetwork ? `${L.hostNetwork ?? ENGLISH_LABELS.hostNetwork}  ${pod.ip ?? ''}` : `eth0  ${pod.ip ?? L.noIp}${pod.mac ? `  ${pod.mac}` : ''}`;
  out.push(text(vx + 12, ey + 17, eth, `font-size="12" font-family="${escapeXml(MONO)}" fill="${p.fg}" data-ip="${escapeXml(pod.ip ?? '')}"`));
  let ry = ey + G.ethHeight;
  out.push(...sandboxRow(pod, x, ry, w, p, L, opts));
  ry += G.rowHeight;
  // Init containers ran before everything else in the pod: they come first, each tagged with its place.
  (pod.initContainers ?? []).forEach((c, i) => {
    // An init container that completed did its job: OK, not "stopped".
    const health = c.state === 'exited' && c.exitCode === 0 ? 'ok' : containerHealth(c);
    out.push(...row(pod, c.name, `${L.init ?? ENGLISH_LABELS.init} ${i + 1}: ${c.name}`, containerStatusText(c), health, [], x, ry, w, p, L, opts, 'init'));
    ry += G.rowHeight;
  });
  for (const c of pod.containers) {
    out.push(...containerRow(pod, c, x, ry, w, p, L, opts));
    ry += containerRowHeight(pod, c.name, w);
  }
  // Ephemeral (debug) containers joined the sandbox's netns later: drawn after the spec's containers, marked apart.
  const eL = { ephemeral: L.ephemeral ?? 'ephemeral', target: L.target ?? 'target', health: L.health };
  for (const c of pod.ephemeralContainers ?? []) {
    const selected = opts.selected?.pod === pod.name && opts.selected.container === c.name;
    out.push(...ephemeralRow(pod, c, x, ry, w, p, eL, { interactive: opts.interactive, selected }));
    ry += G.rowHeight;
  }
  // Volumes: which containers share each (an emptyDir two containers mount is how they exchange files).
  for (const v of volumeLines(pod, L)) {
    out.push(text(x + 14, ry + 14, truncate(v, 58), `font-size="11.5" fill="${p.muted}" data-volume="1"`));
    ry += G.conflictLine;
  }
  ry += 14;
  for (const line of box.conflictLines) {
    out.push(text(x + 14, ry, line, `font-size="11.5" fill="${p.warn}" data-conflict="1"`));
    ry += G.conflictLine;
  }
  out.push('</g>');
  return out;
}

function sandboxRow(pod: PodModel, x: number, y: number, w: number, p: Palette, L: TopologyLabels, opts: TopologyOptions): string[] {
  const sb = pod.sandbox;
  // A missing sandbox is drawn as dead: failed by its state.
  const c = { state: sb?.state ?? 'dead', exitCode: null, reason: null, restartCount: 0 } as const;
  const status = sb ? `${sb.state}${sb.attempt ? ` · attempt ${sb.attempt}` : ''}` : 'missing';
  return row(pod, 'POD', L.sandbox, status, containerHealth(c), [], x, y, w, p, L, opts, 'sandbox');
}

function containerRow(pod: PodModel, c: ContainerModel, x: number, y: number, w: number, p: Palette, L: TopologyLabels, opts: TopologyOptions): string[] {
  const chips = listeningChips(pod.listening, c.name).map((ch) => ch.text);
  const name = c.sidecar ? `${c.name} (${L.sidecar ?? ENGLISH_LABELS.sidecar})` : c.name;
  return row(pod, c.name, name, containerStatusText(c), containerHealth(c), chips, x, y, w, p, L, opts, c.sidecar ? 'sidecar' : 'app');
}

/** One line per volume: name, type, and the containers that mount it. */
export function volumeLines(pod: PodModel, L: Pick<TopologyLabels, 'volumes'> = ENGLISH_LABELS): string[] {
  return (pod.volumes ?? []).map((v) => {
    const users = [...(pod.initContainers ?? []), ...pod.containers].filter((c) => c.mounts?.some((m) => m.volume === v.name)).map((c) => c.name);
    const type = v.medium === 'Memory' ? `${v.type} (tmpfs)` : v.type;
    return `▤ ${L.volumes ?? ENGLISH_LABELS.volumes}: ${v.name} · ${type}${users.length ? ` ← ${users.join(', ')}` : ''}`;
  });
}

function row(
  pod: PodModel, id: string, name: string, status: string, health: Health, chips: string[],
  x: number, y: number, w: number, p: Palette, L: TopologyLabels, opts: TopologyOptions, role: 'sandbox' | 'app' | 'init' | 'sidecar',
): string[] {
  const failed = health === 'failed';
  const sel = opts.selected?.pod === pod.name && opts.selected.container === id;
  const color = failed ? p.failed : health === 'waiting' ? p.waiting : health === 'ok' ? p.ok : p.muted;
  const aria = `${name}: ${L.health[health]} — ${status}${chips.length ? `; ${chips.join(', ')}` : ''}`;
  const out: string[] = [];
  const placed = placeChips(name, chips, w - 20);
  out.push(`<g data-pod="${escapeXml(pod.name)}" data-container="${escapeXml(id)}" data-role="${role}" data-state="${health}"${focusAttrs(opts, aria)}>`);
  out.push(
    `<rect x="${x + 10}" y="${y}" width="${w - 20}" height="${placed.height - 6}" rx="6" fill="${failed ? p.failedBg : p.row}" ` +
      `stroke="${sel ? p.select : failed ? p.failed : p.rowStroke}" stroke-width="${sel ? 2.5 : failed ? 1.6 : 1}"/>`,
  );
  out.push(text(x + 20, y + 16, SYMBOL[health], `font-size="12" fill="${color}"`));
  out.push(text(x + 36, y + 16, truncate(name, 22), `font-weight="600" fill="${p.fg}"${role === 'sandbox' ? ' font-style="italic"' : ''}`));
  const inline = placed.height === G.rowHeight;
  const chipRoom = inline ? placed.chips.reduce((a, c) => a + c.width + 6, 0) : 0;
  const statusMax = Math.max(12, Math.floor((w - 56 - chipRoom) / 6.2));
  const statusText = `${L.health[health]} · ${status}`;
  out.push(text(x + 36, y + 31, truncate(statusText, statusMax), `font-size="11.5" fill="${failed ? p.failedText : p.muted}"${failed ? ' font-weight="600"' : ''}`));
  out.push(...portChips(placed.chips, x, y, p));
  out.push('</g>');
  return out;
}
