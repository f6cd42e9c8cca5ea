// Which update source a CRI subscription picks, with a stub transport standing in for the runtime's socket:
// GetContainerEvents where it is implemented, else containerd's event service (either one a trigger for an immediate
// relist), else the 1 s relist — and a lost event stream reconnects without asking again for what the runtime lacks.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { CriError } from '../../electron/engine/cri/client';
import type { Container, ContainerdEnvelope, ContainerEvent } from '../../electron/engine/cri/types';
import { CONTAINERD_FILTERS, subscribeCriEvents, type EventClient, type EventMode } from '../../electron/engine/runtime/cri/events';
import { FOLLOW_UPS_MS } from '../../electron/engine/runtime/cri/relist';
import type { EventSubscription, RuntimeEvent } from '../../electron/engine/runtime/runtime';

const unimplemented = (method: string): CriError => new CriError('unix:///stub.sock', method, GrpcStatus.UNIMPLEMENTED, 'unknown service');

/** A runtime behind a stub transport: its containers, and which event streams it serves. */
class StubRuntime implements EventClient {
  containers: Container[] = [this.container('CONTAINER_RUNNING')];
  listings = 0;
  criStreams = 0;
  subscribed: string[][] = [];
  /** Pushes one containerd envelope into the open Subscribe stream; fails it with `lose`. */
  push: ((e: ContainerdEnvelope) => void) | null = null;
  lose: ((e: CriError) => void) | null = null;
  criPush: (() => void) | null = null;

  constructor(private readonly offers: { cri: boolean; containerd: boolean; name?: string }) {}

  container(state: Container['state']): Container {
    return { id: 'c1', podSandboxId: 's1', metadata: { name: 'web', attempt: 0 }, image: { image: 'demo' }, imageRef: 'demo', state, createdAt: '0', labels: { 'io.podlab.pod': 'p' }, annotations: {} };
  }

  listPodSandbox: EventClient['listPodSandbox'] = () => Promise.resolve([]);
  listContainers: EventClient['listContainers'] = () => {
    this.listings += 1;
    return Promise.resolve(this.containers.map((c) => ({ ...c })));
  };
  containerStatus: EventClient['containerStatus'] = () => Promise.resolve({ status: null, info: {} });
  version: EventClient['version'] = () => Promise.resolve({ version: '0.1.0', runtimeName: this.offers.name ?? 'containerd', runtimeVersion: '1.6.20', runtimeApiVersion: 'v1' });

  containerEvents: EventClient['containerEvents'] = (onEvent: (e: ContainerEvent) => void, onError: (e: CriError) => void) => {
    this.criStreams += 1;
    if (!this.offers.cri) setTimeout(() => onError(unimplemented('GetContainerEvents')), 5);
    else this.criPush = () => onEvent({ containerId: 'c1', containerEventType: 'CONTAINER_STOPPED_EVENT', createdAt: '1796134652359225982', podSandboxStatus: null, containersStatuses: [] });
    return () => {
      this.criPush = null;
    };
  };

  containerdEvents: EventClient['containerdEvents'] = (filters, onEvent, onError) => {
    this.subscribed.push(filters);
    if (!this.offers.containerd) setTimeout(() => onError(unimplemented('Subscribe')), 5);
    else {
      this.push = onEvent;
      this.lose = onError;
    }
    return () => {
      this.push = null;
    };
  };

  /**
   * The container exits, and containerd (when it streams) says so on /tasks/exit; with `storeLagMs` the CRI store
   * (what ListContainers reads) records the exit only that long after the event, as containerd's CRI plugin does.
   */
  exit(storeLagMs = 0): void {
    const record = (): void => {
      this.containers = [this.container('CONTAINER_EXITED')];
    };
    if (storeLagMs > 0) setTimeout(record, storeLagMs);
    else record();
    this.push?.({ timestamp: null, namespace: 'k8s.io', topic: '/tasks/exit' });
    this.criPush?.();
  }
}

let sub: EventSubscription | null = null;
afterEach(() => sub?.stop());

function subscribe(rt: StubRuntime): { modes: EventMode[]; events: RuntimeEvent[] } {
  const modes: EventMode[] = [];
  const events: RuntimeEvent[] = [];
  sub = subscribeCriEvents(rt, { type: 'container' }, (m) => modes.push(m));
  sub.on('event', (e) => events.push(e));
  return { modes, events };
}

async function waitFor<T>(get: () => T | undefined, ms: number): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    const v = get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing within ${ms} ms`);
}

describe('CRI update source', () => {
  it('uses GetContainerEvents where the runtime implements it, and nothing else', async () => {
    const rt = new StubRuntime({ cri: true, containerd: true });
    const { modes, events } = subscribe(rt);
    expect(await sub?.start()).toBe(true);
    expect(modes).toEqual(['GetContainerEvents']);
    rt.exit();
    const died = await waitFor(() => events.find((e) => e.action === 'die'), 2000);
    expect(died.source).toBe('events');
    expect(rt.subscribed).toEqual([]);
  });

  it("falls back to containerd's event service: each event triggers one immediate relist, bursts coalesce", async () => {
    const rt = new StubRuntime({ cri: false, containerd: true });
    const { modes, events } = subscribe(rt);
    expect(await sub?.start()).toBe(true);
    expect(modes).toEqual(['containerd-events']);
    expect(rt.subscribed).toEqual([CONTAINERD_FILTERS]);
    expect(CONTAINERD_FILTERS).toEqual(['namespace==k8s.io,topic~="^/tasks/"', 'namespace==k8s.io,topic~="^/containers/"']);
    await waitFor(() => (rt.listings >= 2 ? true : undefined), 1000); // the catch-up listing after the stream opened
    await new Promise((r) => setTimeout(r, 50)); // … finished: the burst below starts a listing of its own
    const before = rt.listings;
    rt.exit();
    for (let i = 0; i < 5; i++) rt.push?.({ timestamp: null, namespace: 'k8s.io', topic: '/tasks/delete' });
    const died = await waitFor(() => events.find((e) => e.action === 'die'), 2000);
    expect(died.source).toBe('events');
    await new Promise((r) => setTimeout(r, FOLLOW_UPS_MS.at(-1)! + 100));
    // Six triggers during one listing: that listing and one more, not six; then the follow-ups (no 1 s relist meanwhile).
    expect(rt.listings - before).toBe(2 + FOLLOW_UPS_MS.length);
  });

  it("still reports from the event when containerd's CRI store records the exit a little after publishing it", async () => {
    const rt = new StubRuntime({ cri: false, containerd: true });
    const { events } = subscribe(rt);
    expect(await sub?.start()).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    rt.exit(60);
    const died = await waitFor(() => events.find((e) => e.action === 'die'), 2000);
    expect(died.source).toBe('events');
  });

  it('relists every second when the events service is absent (Subscribe UNIMPLEMENTED)', async () => {
    const rt = new StubRuntime({ cri: false, containerd: false });
    const { modes, events } = subscribe(rt);
    expect(await sub?.start()).toBe(true);
    expect(modes).toEqual(['relist']);
    rt.exit();
    const died = await waitFor(() => events.find((e) => e.action === 'die'), 3000);
    expect(died.source).toBe('relist');
  });

  it('never asks a runtime that is not containerd for containerd events', async () => {
    const rt = new StubRuntime({ cri: false, containerd: true, name: 'cri-o' });
    const { modes } = subscribe(rt);
    expect(await sub?.start()).toBe(true);
    expect(modes).toEqual(['relist']);
    expect(rt.subscribed).toEqual([]);
  });

  it('resubscribes with back-off when the containerd stream is lost, without asking for GetContainerEvents again', async () => {
    const rt = new StubRuntime({ cri: false, containerd: true });
    const { modes } = subscribe(rt);
    const downs: string[] = [];
    let ups = 0;
    sub?.on('down', (why) => downs.push(why));
    sub?.on('up', () => (ups += 1));
    expect(await sub?.start()).toBe(true);
    rt.lose?.(new CriError('unix:///stub.sock', 'Subscribe', GrpcStatus.UNAVAILABLE, 'containerd restarted'));
    await waitFor(() => (ups === 1 ? true : undefined), 3000);
    expect(downs).toEqual([expect.stringContaining('containerd restarted')]);
    expect(modes).toEqual(['containerd-events', 'containerd-events']);
    expect(rt.criStreams).toBe(1);
    expect(rt.subscribed).toHaveLength(2);
  });
});

describe('one event stream per connection', () => {
  const subs: EventSubscription[] = [];
  afterEach(() => {
    for (const s of subs.splice(0)) s.stop();
  });
  function two(rt: StubRuntime): { events: RuntimeEvent[][]; ups: number[] } {
    const events: RuntimeEvent[][] = [[], []];
    const ups = [0, 0];
    for (const i of [0, 1]) {
      const s = subscribeCriEvents(rt, { type: 'container' }, () => undefined);
      s.on('event', (e) => events[i]!.push(e));
      s.on('up', () => (ups[i]! += 1));
      subs.push(s);
    }
    return { events, ups };
  }

  it("two subscriptions share one containerd stream, each gets the event; it closes with the last", async () => {
    const rt = new StubRuntime({ cri: false, containerd: true });
    const { events } = two(rt);
    expect(await Promise.all(subs.map((s) => s.start()))).toEqual([true, true]);
    expect(rt.subscribed).toHaveLength(1);
    rt.exit();
    for (const list of events) expect((await waitFor(() => list.find((e) => e.action === 'die'), 2000)).source).toBe('events');
    // One leaves: the stream stays for the other, whose next event still arrives through it.
    subs[0]!.stop();
    expect(rt.push).not.toBeNull();
    rt.containers = [rt.container('CONTAINER_RUNNING')];
    rt.push?.({ timestamp: null, namespace: 'k8s.io', topic: '/tasks/start' });
    expect((await waitFor(() => events[1]!.find((e) => e.action === 'start'), 2000)).source).toBe('events');
    expect(rt.subscribed).toHaveLength(1);
    subs[1]!.stop();
    expect(rt.push).toBeNull();
  });

  it('a lost stream ends it for both; both come back on one new stream', async () => {
    const rt = new StubRuntime({ cri: false, containerd: true });
    const { events, ups } = two(rt);
    await Promise.all(subs.map((s) => s.start()));
    rt.lose?.(new CriError('unix:///stub.sock', 'Subscribe', GrpcStatus.UNAVAILABLE, 'containerd restarted'));
    await waitFor(() => (ups[0] === 1 && ups[1] === 1 ? true : undefined), 3000);
    expect(rt.subscribed).toHaveLength(2);
    rt.exit();
    for (const list of events) expect((await waitFor(() => list.find((e) => e.action === 'die'), 2000)).source).toBe('events');
  });

  it('GetContainerEvents too: one stream for two subscriptions', async () => {
    const rt = new StubRuntime({ cri: true, containerd: true });
    two(rt);
    await Promise.all(subs.map((s) => s.start()));
    expect(rt.criStreams).toBe(1);
  });
});
