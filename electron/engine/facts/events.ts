// Recent events of some pods for a one-shot model (inspect): the engine replays its last events (at most 256) since
// a time; the live model records them as they happen instead.
import type { PodEvent } from '../../../shared/model';
import { LABEL_POD } from '../runtime/vocabulary';
import type { EngineConnection } from '../docker';
import { BackOffHistory } from '../kubelet/events';
import { podEventsOf } from '../model/apply';

export async function recentPodEvents(conn: EngineConnection, pods: string[], sinceSeconds = 3600, max = 30): Promise<Map<string, PodEvent[]>> {
  const out = new Map<string, PodEvent[]>();
  if (pods.length === 0) return out;
  const now = Date.now() / 1000;
  const history = new BackOffHistory();
  const replayed = await conn.runtime.events.replay({ type: 'container', pod: pods.length === 1 ? pods[0] : true }, now - sinceSeconds, now);
  for (const ev of replayed) {
    const pod = ev.attributes[LABEL_POD];
    // A restart by the manager also tells that the attempt before it backed off (BackOff at its exit).
    const backOff = history.see(ev);
    const pes = [...(backOff ? [backOff] : []), ...podEventsOf(ev)];
    if (pod && pes.length && pods.includes(pod)) out.set(pod, [...(out.get(pod) ?? []), ...pes].slice(-max));
  }
  return out;
}
