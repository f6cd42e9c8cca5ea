// Pure geometry and wording for the topology drawing: where each pod, container and port chip goes, and how a
// container's health reads in words (state is never shown by colour alone). Used by topology.ts and its tests.
import type { Conflict, ContainerModel, ListeningSocket, Model, PlainContainer, PodModel, Protocol } from '../model';
import { FAILED_CONTAINER_REASONS } from '../reasons';
import { drawOrder, offBridge, offBridgeHeight, plainKey, PLAIN_WIDTH, type DrawItem, type PlainBox } from './plain-layout';
import { byCodePoint } from '../order';

export type Health = 'ok' | 'failed' | 'waiting' | 'stopped';

/** Failed = exited non-zero, dead, restarting, or carrying a failure reason such as CrashLoopBackOff. */
export function containerHealth(c: Pick<ContainerModel, 'state' | 'exitCode' | 'reason'>): Health {
  if (c.reason && FAILED_CONTAINER_REASONS.has(c.reason)) return 'failed';
  if (c.state === 'dead' || c.state === 'restarting') return 'failed';
  if (c.state === 'exited') return c.exitCode === 0 ? 'stopped' : 'failed';
  if (c.state === 'created') return 'waiting';
  if (c.state === 'paused' || c.state === 'removing') return 'stopped';
  return 'ok';
}

/** Short status text: "running", "exited (1) · CrashLoopBackOff". */
export function containerStatusText(c: Pick<ContainerModel, 'state' | 'exitCode' | 'reason' | 'restartCount'>): string {
  const parts: string[] = [c.state === 'exited' && c.exitCode != null ? `exited (${c.exitCode})` : c.state];
  if (c.reason) parts.push(c.reason);
  if (c.restartCount > 0) parts.push(`restarts ${c.restartCount}`);
  return parts.join(' · ');
}

export interface PortChip {
  port: number;
  protocol: Protocol;
  text: string;
}

/** The ports a container really listens on (from pod.listening), deduplicated across tcp/tcp6. */
export function listeningChips(listening: ListeningSocket[], container: string | null): PortChip[] {
  const seen = new Map<string, PortChip>();
  for (const s of listening) {
    if (s.container !== container) continue;
    const protocol: Protocol = s.protocol.startsWith('udp') ? 'udp' : 'tcp';
    const key = `${s.port}/${protocol}`;
    if (!seen.has(key)) seen.set(key, { port: s.port, protocol, text: key });
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || byCodePoint(a.protocol, b.protocol));
}

export const GEOMETRY = {
  margin: 16,
  podWidth: 320,
  podGap: 28,
  headerHeight: 44,
  ethHeight: 34,
  rowHeight: 44,
  conflictLine: 15,
  vethLength: 58,
  bridgeHeight: 26,
  hostPortStrip: 34,
} as const;

export interface PodBox {
  pod: PodModel;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Wrapped conflict explanation lines drawn at the bottom of the box. */
  conflictLines: string[];
}

export interface RowBridge {
  y: number;
  x1: number;
  x2: number;
}

export interface TopologyLayout {
  width: number;
  height: number;
  columns: number;
  hostY: number;
  bridges: RowBridge[];
  pods: PodBox[];
  /** Containers outside any pod on the drawn bridge, each its own netns box (plain-layout.ts). */
  plain: PlainBox[];
  /** Containers outside any pod not on that bridge (host network, none, other networks), listed from offBridgeY. */
  offBridge: PlainContainer[];
  offBridgeY: number;
}

/** Wraps text to at most `max` characters a line (estimate; no font metrics in pure code), at most `lines` lines. */
export function wrapText(text: string, max: number, lines: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur && displayWidth(cur) + 1 + displayWidth(word) > max) {
      out.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) out.push(cur);
  if (out.length > lines) {
    const kept = out.slice(0, lines).map((l) => truncate(l, max));
    const last = kept[lines - 1] ?? '';
    if (!last.endsWith('…')) kept[lines - 1] = displayWidth(last) < max ? `${last}…` : truncate(last, max - 1) + '…';
    return kept;
  }
  return out.map((l) => truncate(l, max));
}

/** Width in "narrow characters": CJK and Hangul count as two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

export function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return out + '…';
}

export const CHIP = { charWidth: 6.5, pad: 14, gap: 6, height: 20, lineHeight: 24 } as const;

export function chipWidth(text: string): number {
  return text.length * CHIP.charWidth + CHIP.pad;
}

export interface ChipPlacement {
  text: string;
  /** Offset from the row's left edge. */
  dx: number;
  /** Offset from the row's top edge. */
  dy: number;
  width: number;
}

/**
 * Places a container's port chips: on the name line, right-aligned, when they fit beside the name; otherwise
 * wrapped on their own lines under the status line. Returns the placements and the row height.
 */
export function placeChips(name: string, chips: string[], rowWidth: number): { chips: ChipPlacement[]; height: number } {
  const g = GEOMETRY;
  const total = chips.reduce((a, t) => a + chipWidth(t) + CHIP.gap, 0);
  const nameRoom = 36 + Math.min(displayWidth(name), 22) * 7.5 + 16;
  if (total <= rowWidth - nameRoom - 10) {
    let x = rowWidth - 10;
    const placed = [...chips].reverse().map((t) => {
      const width = chipWidth(t);
      x -= width;
      const p = { text: t, dx: x, dy: 9, width };
      x -= CHIP.gap;
      return p;
    });
    return { chips: placed.reverse(), height: g.rowHeight };
  }
  const placed: ChipPlacement[] = [];
  let x = 26;
  let line = 0;
  for (const t of chips) {
    const width = chipWidth(t);
    if (x + width > rowWidth - 10 && x > 26) {
      line += 1;
      x = 26;
    }
    placed.push({ text: t, dx: x, dy: g.rowHeight - 4 + line * CHIP.lineHeight, width });
    x += width + CHIP.gap;
  }
  return { chips: placed, height: g.rowHeight + (line + 1) * CHIP.lineHeight };
}

/** Height of one container row, chips included (the pause row never has chips). */
export function containerRowHeight(pod: PodModel, name: string, podWidth: number = GEOMETRY.podWidth): number {
  const chips = listeningChips(pod.listening, name).map((c) => c.text);
  return placeChips(name, chips, podWidth - 20).height;
}

export function podInnerHeight(pod: PodModel, conflictLines: number): number {
  const g = GEOMETRY;
  const rows = g.rowHeight + pod.containers.reduce((a, c) => a + containerRowHeight(pod, c.name), 0);
  // Init container rows and one line per volume (topology.ts draws them).
  const extra = (pod.initContainers?.length ?? 0) * g.rowHeight + (pod.volumes?.length ?? 0) * g.conflictLine + (pod.ephemeralContainers?.length ?? 0) * g.rowHeight;
  return g.headerHeight + g.ethHeight + rows + extra + 12 + (conflictLines ? conflictLines * g.conflictLine + 10 : 0);
}

/** Lays pods out in a grid that wraps: each row hangs from its own segment of the docker0 bridge. `conflictText`
 *  words a conflict for the drawing (the engine's English sentence unless the UI passes its own language). */
export function layoutTopology(
  model: Model,
  width = 1200,
  conflictText: (c: Conflict, pod: PodModel) => string = (c) => c.message,
  plainLesson: (twin: string | null) => string = () => '',
): TopologyLayout {
  const g = GEOMETRY;
  const inner = Math.max(width, g.podWidth + 2 * g.margin + 40);
  const columns = Math.max(1, Math.floor((inner - 2 * g.margin - 40 + g.podGap) / (g.podWidth + g.podGap)));
  const hostY = g.margin;
  let y = hostY + g.hostPortStrip + 40;
  const bridges: RowBridge[] = [];
  const pods: PodBox[] = [];
  const plain: PlainBox[] = [];
  const x0 = g.margin + 40;
  // Sorted by name so the picture does not reshuffle as pods change; the pod list uses the same order. A pod's plain
  // twin follows it, so the two pictures of the lesson stand side by side.
  const items = drawOrder(model);
  for (const row of packRows(items, inner - 2 * g.margin - 40)) {
    const widths = row.map(itemWidth);
    const xs = widths.map((_, j) => x0 + widths.slice(0, j).reduce((acc, w) => acc + w + g.podGap, 0));
    bridges.push({ y, x1: g.margin + 16, x2: xs[xs.length - 1] + widths[widths.length - 1] });
    const boxY = y + g.bridgeHeight / 2 + g.vethLength;
    const heights = row.map((it, j) => {
      const x = xs[j];
      if (it.kind === 'plain') {
        const lessonLines = it.first ? wrapText(plainLesson(it.twin), 34, 7) : [];
        const box = { c: it.c, x, y: boxY, width: PLAIN_WIDTH, height: plainBoxHeight(it.c, lessonLines.length), lessonLines, twin: it.twin };
        plain.push(box);
        return box.height;
      }
      const pod = it.pod;
      const conflictLines = pod.conflicts.slice(0, 3).flatMap((c) => wrapText(`⚠ ${conflictText(c, pod)}`, 46, 4));
      const box = { pod, x, y: boxY, width: g.podWidth, height: podInnerHeight(pod, conflictLines.length), conflictLines };
      pods.push(box);
      return box.height;
    });
    y = boxY + Math.max(...heights) + 40;
  }
  if (items.length === 0) y += 90;
  const off = offBridge(model);
  const offBridgeY = y - 14;
  y += offBridgeHeight(off.length);
  return { width: inner, height: y + g.margin, columns, hostY, bridges, pods, plain, offBridge: off, offBridgeY };
}

export function itemWidth(it: DrawItem): number {
  return it.kind === 'pod' ? GEOMETRY.podWidth : PLAIN_WIDTH;
}

/**
 * Rows of items that fit `room` pixels. A pod and its plain twin stay together: when they do not fit what is left
 * of a row they start the next one (and only a chunk wider than a whole row is split).
 */
export function packRows(items: DrawItem[], room: number): DrawItem[][] {
  const gap = GEOMETRY.podGap;
  const chunks: DrawItem[][] = [];
  for (const it of items) {
    if (it.kind === 'plain' && it.twin !== null && chunks.length) chunks[chunks.length - 1].push(it);
    else chunks.push([it]);
  }
  const rows: DrawItem[][] = [];
  let row: DrawItem[] = [];
  let used = -gap;
  const width = (list: DrawItem[]): number => list.reduce((a, it) => a + itemWidth(it) + gap, 0);
  for (const chunk of chunks) {
    if (row.length && used + width(chunk) > room) {
      rows.push(row);
      row = [];
      used = -gap;
    }
    for (const it of chunk) {
      if (row.length && used + itemWidth(it) + gap > room) {
        rows.push(row);
        row = [];
        used = -gap;
      }
      row.push(it);
      used += itemWidth(it) + gap;
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

export function plainBoxHeight(c: PlainContainer, lessonLines: number, width: number = PLAIN_WIDTH): number {
  const g = GEOMETRY;
  const chips = listeningChips(c.listening, plainKey(c)).map((x) => x.text);
  return g.headerHeight + g.ethHeight + placeChips(plainKey(c), chips, width - 20).height + 12 + (lessonLines ? lessonLines * g.conflictLine + 10 : 0);
}

