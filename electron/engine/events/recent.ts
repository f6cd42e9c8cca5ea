// Recent events of some pods for a one-shot model (inspect): the engine replays its last events (at most 256) since
// a time; the live model records them as they happen instead.
import type { PodEvent } from '../../../shared/model';
import { LABEL_POD } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { BackOffHistory } from '../kubelet/events';
import { podEventsOf } from '../model/apply';
import { splitEventFilters } from './filters';
import { LineSplitter, parseEventLine } from './parse';

export async function recentPodEvents(conn: EngineConnection, pods: string[], sinceSeconds = 3600, max = 30): Promise<Map<string, PodEvent[]>> {
  const out = new Map<string, PodEvent[]>();
  if (pods.length === 0) return out;
  const now = Date.now() / 1000;
  const { server: filters, accept } = splitEventFilters({ type: ['container'], label: pods.length === 1 ? [`${LABEL_POD}=${pods[0]}`] : [LABEL_POD] });
  // Docker takes fractional seconds: `until` rounded down would drop the events of the current second.
  const until = now.toFixed(3) as unknown as number;
  const stream = await conn.docker.getEvents({ since: Math.floor(now - sinceSeconds), until, filters });
  const lines = new LineSplitter();
  const history = new BackOffHistory();
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    // Bounded: a replay normally ends at once (until = now); never wait more than 2 s for it.
    const timer = setTimeout(() => {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      resolve();
    }, 2000);
    stream.on('data', (chunk: Buffer | string) => {
      for (const line of lines.push(chunk.toString())) {
        const parsed = parseEventLine(line);
        const ev = parsed && accept(parsed) ? parsed : null;
        const pod = ev?.attributes[LABEL_POD];
        // A restart by the manager also tells that the attempt before it backed off (BackOff at its exit).
        const backOff = ev ? history.see(ev) : null;
        const pes = ev ? [...(backOff ? [backOff] : []), ...podEventsOf(ev)] : [];
        if (pod && pes.length && pods.includes(pod)) out.set(pod, [...(out.get(pod) ?? []), ...pes].slice(-max));
      }
    });
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
  return out;
}
