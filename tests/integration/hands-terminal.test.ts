// Terminals as the app and `serve` run them (TerminalHub over a real engine): a shell with a TTY in a container
// and in a new debug container, output pushed in bounded frames, stopped while the client does not acknowledge,
// ended with its reason, refused beyond loopback without --allow-exec, and all ended when the client goes. The engine
// bodies run on the shared Docker engine and on a private containerd (through the CRI's streaming server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TERMINAL_FRAME, MAX_TERMINAL_UNACKED, type OpenedTerminal, type TerminalPush } from '../../shared/terminal';
import type { EngineConnection } from '../../electron/engine/docker';
import { TerminalHub } from '../../electron/engine/terminals';
import { LABEL_CONTAINER, LABEL_EPHEMERAL, LABEL_POD } from '../../electron/engine/runtime/vocabulary';
import { availableBackends, type BackendEngine } from './backends';
import { ensureCliBuilt, podlab, uniqueName, until } from './helpers';

const input = (h: TerminalHub, id: string, s: string): Promise<unknown> => h.call('terminalInput', [id, s]);

/** The backends these bodies run on: the shared Docker engine and a private containerd (CRI streaming). */
const ENGINES = new Set(['docker', 'containerd']);

describe.each(availableBackends().filter((b) => ENGINES.has(b.name)))('TerminalHub on $name', (backend) => {
  const pod = uniqueName(backend.name === 'docker' ? 'h11-term' : 'c13-term');
  let eng: BackendEngine;
  let conn: EngineConnection;

  beforeAll(async () => {
    ensureCliBuilt();
    eng = await backend.start();
    const r = await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'], { env: eng.env });
    expect(r.code, r.stderr).toBe(0);
    conn = await eng.connect();
  }, 120_000);
  afterAll(async () => {
    try {
      if (eng) await podlab(['rm', pod], { env: eng.env });
    } finally {
      await eng?.cleanup();
    }
  }, 120_000);

  function hub(allowExec = true): { hub: TerminalHub; pushes: TerminalPush[]; text: (id: string) => string } {
    const pushes: TerminalPush[] = [];
    const h = new TerminalHub(() => conn, (ev) => pushes.push(ev), allowExec);
    const text = (id: string): string => pushes.map((p) => (p.type === 'terminal' && p.id === id ? p.data : '')).join('');
    return { hub: h, pushes, text };
  }

  /** The pod's container with this podlab label (`io.podlab.container=sidecar`, `io.podlab.ephemeral=debugger-…`). */
  async function containerId(label: string): Promise<string> {
    const [c] = await conn.runtime.containers.list({ labels: [`${LABEL_POD}=${pod}`, label] });
    if (!c) throw new Error(`pod ${pod} has no container with ${label}`);
    return c.id;
  }

  const running = async (id: string): Promise<boolean> => (await conn.runtime.containers.status(id))?.state === 'running';

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

  it('a shell whose client goes ends too: no shell is left in the container', async () => {
    const sidecar = await containerId(`${LABEL_CONTAINER}=sidecar`);
    const shells = async (): Promise<number> => (await conn.runtime.exec(sidecar, ['ps', '-o', 'args'])).stdout.split('\n').filter((l) => l.trim() === 'sh').length;
    const before = await shells();
    const { hub: h, text } = hub();
    const t = (await h.call('openTerminal', [{ pod, container: 'sidecar', cols: 80, rows: 24 }])) as OpenedTerminal;
    await until(() => text(t.id).includes('#'), 10_000, 50, 'the prompt');
    expect(await shells()).toBe(before + 1);
    h.closeAll();
    await until(async () => (await shells()) === before, 10_000, 100, 'the shell to end with its client');
  });

  it('a debug container terminal sees its target\'s processes and is labelled ephemeral', async () => {
    const { hub: h, text } = hub();
    const t = (await h.call('openTerminal', [{ pod, debug: { target: 'web' }, cols: 80, rows: 24 }])) as OpenedTerminal;
    expect(t.ephemeral).toBe(true);
    expect(t.container).toMatch(/^debugger-[a-z0-9]{5}$/);
    await until(() => text(t.id).includes('#'), 10_000, 50, 'the prompt');
    await input(h, t.id, 'ps -o args\r');
    await until(() => text(t.id).includes('httpd -f -p 80'), 10_000, 50, 'the target\'s httpd');
    const id = await containerId(`${LABEL_EPHEMERAL}=${t.container}`);
    h.closeAll();
    await until(async () => !(await running(id)), 10_000, 100, 'the debug shell to end with its client');
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
    // Stopped through the runtime (a CRI container cannot start again: this is the file's last use of the sidecar).
    await conn.runtime.containers.stop(await containerId(`${LABEL_CONTAINER}=sidecar`), 0);
    const end = await until(() => pushes.find((p) => p.type === 'terminal-exit' && p.id === t.id), 15_000, 50, 'the end');
    expect(end, JSON.stringify(end)).toMatchObject({ end: 'container-stopped', state: 'exited' });
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
