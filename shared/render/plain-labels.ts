// The words of plain containers in the topology drawing (English defaults; the UI passes its own language).
import type { PlainContainer } from '../model';

export interface PlainLabels {
  /** Header tag of podlab's plain containers. */
  tag: string;
  /** Podlab's plain group, e.g. "group port-conflict-plain". */
  group: (group: string) => string;
  /** Header tag of anyone else's container. */
  notPodlabs: string;
  readOnly: string;
  container: string;
  /** The lesson beside a plain group; `twin` is the pod drawn beside it, when there is one. */
  lesson: (twin: string | null) => string;
  /** Heading of the list of containers not on the drawn bridge. */
  offBridge: (bridge: string) => string;
  network: (c: PlainContainer) => string;
  more: (n: number) => string;
}

export const ENGLISH_PLAIN_LABELS: PlainLabels = {
  tag: 'plain Docker',
  group: (g) => `group ${g}`,
  notPodlabs: "not podlab's",
  readOnly: 'read-only',
  container: 'container',
  lesson: (twin) =>
    twin
      ? `Plain Docker: each container has its own netns, veth and IP, so both may bind port 80 — but 127.0.0.1 reaches only itself. In pod ${twin} beside it, all share one.`
      : 'Plain Docker: each container has its own netns, veth and IP, so each may bind any port — but 127.0.0.1 reaches only itself; in a pod they share one.',
  offBridge: (bridge) => `Outside any pod, not on ${bridge}:`,
  network: (c) => (c.network === 'host' ? "host network (the host's netns)" : c.network === 'none' ? 'no network' : c.bridge ? `bridge ${c.bridge}` : `network ${c.network}`),
  more: (n) => `+${n} more`,
};
