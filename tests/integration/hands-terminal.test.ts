// Terminals as the app and `serve` run them (TerminalHub over the real engine): a shell with a TTY in a container
// and in a new debug container, output pushed in bounded frames, stopped while the client does not acknowledge,
// ended with its reason, refused beyond loopback without --allow-exec, and all ended when the client goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TERMINAL_FRAME, MAX_TERMINAL_UNACKED, type OpenedTerminal, type TerminalPush } from '../../shared/terminal';
import { connectEngine, type EngineConnection } from '../../electron/engine/docker';
import { TerminalHub } from '../../electron/engine/terminals';
import { cleanupPods, docker, ensureCliBuilt, podContainers, podlab, uniqueName, until } from './helpers';

const pod = uniqueName('h11-term');
let conn: EngineConnection;

beforeAll(async () => {
  ensureCliBuilt();
  expect((await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'])).code).toBe(0);
  conn = await connectEngine(process.env, { describe: false });
});
afterAll(() => cleanupPods([pod]));

function hub(allowExec = true): { hub: TerminalHub; pushes: TerminalPush[]; text: (id: string) => string } {
  const pushes: TerminalPush[] = [];
  const h = new TerminalHub(() => conn, (ev) => pushes.push(ev), allowExec);
  const text = (id: string): string => pushes.map((p) => (p.type === 'terminal' && p.id === id ? p.data : '')).join('');
  return { hub: h, pushes, text };
}

const input = (h: TerminalHub, id: string, s: string): Promise<unknown> => h.call('terminalInput', [id, s]);

describe('TerminalHub', () => {
  it('a shell with a TTY in the sidecar: keys in, output out, exit code and reason at the end', async () => {
    const { hub: h, pushes, text } = hub();
    const t = (await h.call('openTerminal', [{ pod, container: 'sidecar', cols: 100, rows: 30 }])) as OpenedTerminal;
    expect(t).toMatchObject({ pod, container: 'sidecar', ephemeral: false });
    await input(h, t.id, 'tty; wget -qO- http://127.0.0.1:80/\r');
    await until(() => text(t.id).includes('hello from podlab') && /\/dev\/pts\/\d+/.test(text(t.id)), 10_000, 50, 'the page in the terminal');
    await input(h, t.id, 'exit 3\r');
    const end = await until(() => pushes.find((p) => p.type === 'terminal-exit' && p.id === t.id), 10_000, 50, 'the end');
    expect(end).toMatchObject({ end: 'exited', code: 3 });
    expect(h.size).toBe(0);
  });

  it('a debug container terminal sees its target\'s processes and is labelled ephemeral', async () => {
    const { hub: h, text } = hub();
    const t = (await h.call('openTerminal', [{ pod, debug: { target: 'web' }, cols: 80, rows: 24 }])) as OpenedTerminal;
    expect(t.ephemeral).toBe(true);
    expect(t.container).toMatch(/^debugger-[a-z0-9]{5}$/);
    await until(() => text(t.id).includes('#'), 10_000, 50, 'the prompt');
    await input(h, t.id, 'ps -o args\r');
    await until(() => text(t.id).includes('httpd -f -p 80'), 10_000, 50, 'the target\'s httpd');
    h.closeAll();
    await until(() => podContainers(pod).all.find((c) => c.Config.Labels['io.podlab.ephemeral'] === t.container)?.State.Running === false, 10_000, 100, 'the debug shell to end with its client');
  });

  it('stops reading a client that does not acknowledge, and goes on when it does', async () => {
    const { hub: h, pushes } = hub();
    const t = (await h.call('openTerminal', [{ pod, container: 'sidecar', cols: 80, rows: 24 }])) as OpenedTerminal;
    // The end marker is typed split (FL""OOD) so the terminal's echo of the command line never matches it.
    await input(h, t.id, 'yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 5000000; echo; echo END-OF-FL""OOD\r');
    const sent = (): number => pushes.reduce((n, p) => n + (p.type === 'terminal' && p.id === t.id ? p.data.length : 0), 0);
    await until(() => sent() > MAX_TERMINAL_UNACKED, 10_000, 50, 'output up to the bound');
    await new Promise((r) => setTimeout(r, 1000));
    const held = sent();
    // Nothing acknowledged: at most the bound plus what was in flight (one read of the socket) was sent.
    expect(held).toBeLessThan(MAX_TERMINAL_UNACKED + 256 * 1024);
    expect(pushes.every((p) => p.type !== 'terminal' || p.data.length <= MAX_TERMINAL_FRAME)).toBe(true);
    // Acknowledging lets the rest through, to the end of the flood.
    // The marker may straddle two frames: look in the last two joined.
    const flooded = (): boolean => {
      const mine = pushes.filter((p): p is Extract<TerminalPush, { type: 'terminal' }> => p.type === 'terminal' && p.id === t.id);
      return mine.slice(-2).map((p) => p.data).join('').includes('END-OF-FLOOD');
    };
    for (let i = 0; i < 2000 && !flooded(); i++) {
      await h.call('terminalAck', [t.id, Math.min(MAX_TERMINAL_UNACKED, sent())]);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(sent()).toBeGreaterThan(5_000_000);
    h.closeAll();
  });

  it('a terminal whose container dies says so', async () => {
    const { hub: h, pushes } = hub();
    const t = (await h.call('openTerminal', [{ pod, container: 'sidecar', cols: 80, rows: 24 }])) as OpenedTerminal;
    const id = podContainers(pod).apps.find((a) => a.Config.Labels['io.podlab.container'] === 'sidecar')!.Id;
    docker(['kill', id]);
    const end = await until(() => pushes.find((p) => p.type === 'terminal-exit' && p.id === t.id), 15_000, 50, 'the end');
    expect(end).toMatchObject({ end: 'container-stopped', state: 'exited' });
    docker(['start', id]);
  });

  it('beyond loopback without --allow-exec every terminal request is refused; bad input is refused first', async () => {
    const { hub: h } = hub(false);
    await expect(h.call('openTerminal', [{ pod, cols: 80, rows: 24 }])).rejects.toThrow(/--allow-exec/);
    const { hub: on } = hub();
    await expect(on.call('openTerminal', [{ pod: '../x', cols: 80, rows: 24 }])).rejects.toThrow(/Invalid arguments/);
    await expect(on.call('terminalInput', ['t1', 'x'.repeat(MAX_TERMINAL_FRAME + 1)])).rejects.toThrow(/Invalid arguments/);
    await expect(on.call('terminalInput', ['t1', 'ls\r'])).rejects.toThrow(/No open terminal/);
  });
});
