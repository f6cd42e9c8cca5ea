// Geometry of plain containers in the topology: each its own netns box with its own veth to the bridge, placed right
// after the pod it is the plain twin of (so the two pictures stand side by side), then other groups, then others'.
import type { Model, PlainContainer, PodModel } from '../model';
import { twinPairs } from './plain-markdown';

export interface PlainBox {
  c: PlainContainer;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The lesson, wrapped, on the first container of a podlab group. */
  lessonLines: string[];
  /** The pod drawn beside it when it is that pod's plain twin. */
  twin: string | null;
}

export type DrawItem = { kind: 'pod'; pod: PodModel } | { kind: 'plain'; c: PlainContainer; first: boolean; twin: string | null };

/** The bridge the drawing hangs everything from: docker0, else the engine's first bridge. */
export function drawnBridge(model: Model): string {
  return (model.host.bridges.find((b) => b.name === 'docker0') ?? model.host.bridges[0])?.name ?? 'docker0';
}

/** The name a plain container's sockets and chips are keyed by (its manifest name for podlab's). */
export function plainKey(c: PlainContainer): string {
  return c.container ?? c.name;
}

/** Pods by name, each followed by its plain twin's containers; then other podlab groups; then others' containers. */
export function drawOrder(model: Model): DrawItem[] {
  const bridge = drawnBridge(model);
  const onBridge = (model.plainContainers ?? []).filter((c) => c.bridge === bridge);
  const pairs = twinPairs({ pods: model.pods, plainContainers: onBridge });
  const byGroup = (g: string): PlainContainer[] => onBridge.filter((c) => c.group === g).sort((a, b) => plainKey(a).localeCompare(plainKey(b)));
  const groupItems = (g: string, twin: string | null): DrawItem[] => byGroup(g).map((c, i) => ({ kind: 'plain', c, first: i === 0, twin }));
  const out: DrawItem[] = [];
  const placed = new Set<string>();
  for (const pod of [...model.pods].sort((a, b) => a.name.localeCompare(b.name))) {
    out.push({ kind: 'pod', pod });
    for (const p of pairs.filter((x) => x.pod === pod.name && !placed.has(x.group))) {
      placed.add(p.group);
      out.push(...groupItems(p.group, pod.name));
    }
  }
  const groups = [...new Set(onBridge.flatMap((c) => (c.group && !placed.has(c.group) ? [c.group] : [])))].sort();
  for (const g of groups) out.push(...groupItems(g, null));
  const others = onBridge.filter((c) => c.group === null).sort((a, b) => a.name.localeCompare(b.name));
  out.push(...others.map((c): DrawItem => ({ kind: 'plain', c, first: false, twin: null })));
  return out;
}

/** Containers outside any pod that are not on the drawn bridge (host network, none, other networks): listed, not drawn. */
export function offBridge(model: Model): PlainContainer[] {
  const bridge = drawnBridge(model);
  return (model.plainContainers ?? []).filter((c) => c.bridge !== bridge).sort((a, b) => a.name.localeCompare(b.name));
}

/** A plain box is narrower than a pod's (one container, no pause row): a pod and a twin of two fit one row. */
export const PLAIN_WIDTH = 250;

/** Height of the list of off-bridge containers under the drawing (at most 6 lines and a "+N more"). */
export function offBridgeHeight(n: number): number {
  return n === 0 ? 0 : 24 + Math.min(n, 7) * 17;
}
