// SandboxChanged order on the real engine, as the engine reports it: every container of the old pod is gone (its
// destroy event) before the new sandbox is created — the kubelet kills the pod first, then makes the new sandbox.
// The engine's own event stream is the clock: Docker sends a daemon's events in the order they happened.
import { expect } from 'vitest';
import type { PodEvent } from '../../shared/model';
import type { Runtime } from '../../electron/engine/runtime/runtime';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_ROLE } from '../../electron/engine/runtime/vocabulary';

export interface OrderLog {
  /** `create sandbox 1`, `destroy app web 0`… in the order the engine sent them. */
  lines: string[];
  stop(): void;
}

/** Records the create/destroy events of one pod's containers, in the order they arrive. */
export async function recordOrder(rt: Runtime, pod: string): Promise<OrderLog> {
  const lines: string[] = [];
  const sub = rt.events.subscribe({ type: 'container', pod, actions: ['create', 'destroy'] });
  sub.on('event', (e) => {
    const a = e.attributes;
    const role = a[LABEL_ROLE] ?? '?';
    lines.push(role === 'sandbox' ? `${e.action} sandbox ${a[LABEL_ATTEMPT] ?? 0}` : `${e.action} ${role} ${a[LABEL_CONTAINER] ?? e.id} ${a[LABEL_ATTEMPT] ?? 0}`);
  });
  if (!(await sub.start())) throw new Error('could not subscribe to the engine events');
  return { lines, stop: () => sub.stop() };
}

/**
 * Each of `old` (container names at attempt 0) was destroyed before sandbox attempt 1 was created. Waits (bounded) for
 * the events to arrive: the stream may trail the state the test saw.
 */
export async function expectKilledBeforeNewSandbox(log: OrderLog, old: string[]): Promise<void> {
  const destroyed = (name: string): number => log.lines.findIndex((l) => l.startsWith('destroy ') && l.endsWith(` ${name} 0`));
  for (let i = 0; i < 50 && (!log.lines.includes('create sandbox 1') || old.some((n) => destroyed(n) < 0)); i++) await new Promise((r) => setTimeout(r, 100));
  const made = log.lines.indexOf('create sandbox 1');
  expect(made, log.lines.join('; ')).toBeGreaterThanOrEqual(0);
  for (const name of old) {
    expect(destroyed(name), `${name} destroyed: ${log.lines.join('; ')}`).toBeGreaterThanOrEqual(0);
    expect(destroyed(name), `${name} destroyed before the new sandbox: ${log.lines.join('; ')}`).toBeLessThan(made);
  }
}

/** The pod's timeline in the same order: SandboxChanged, then the old containers' removal, then the new sandbox. */
export function expectTimelineOrder(events: PodEvent[], old: string[]): void {
  const t = (e: PodEvent | undefined): number => Date.parse(e?.at ?? '');
  const changed = events.find((e) => e.reason === 'SandboxChanged');
  const made = events.filter((e) => e.reason === 'Created' && e.container === null).sort((a, b) => t(a) - t(b)).at(-1);
  const show = events.map((e) => `${e.at} ${e.reason} ${e.container ?? 'sandbox'}`).join('; ');
  expect(t(changed), show).toBeLessThanOrEqual(t(made));
  for (const name of old) {
    const removed = events.filter((e) => e.reason === 'Removed' && e.container === name).sort((a, b) => t(a) - t(b))[0];
    expect(t(removed), `${name}: ${show}`).toBeGreaterThanOrEqual(t(changed));
    expect(t(removed), `${name}: ${show}`).toBeLessThanOrEqual(t(made));
  }
}
