// exec, debug and logs on a CRI runtime, as the kubelet does them: a command runs through the CRI's streaming Exec
// (a URL on the runtime's streaming server, spoken to by ./streaming.ts), a debug container is created in the pod's
// sandbox and attached (./ephemeral.ts), and the log comes from the kubelet's log files.
import { PassThrough } from 'node:stream';
import type { CriClient } from '../../cri/client';
import { EOT, type AttachedSession, type AttachOptions, type HandsApi, type LogStreams } from '../hands';
import type { LogLine } from '../runtime';
import { call, notInCri, orGone } from './errors';
import { runCriEphemeral, type EphemeralPod } from './ephemeral';
import { followCriLog, tailCriLog } from './logs';
import { openSpdyExec } from './spdy';
import { openRemoteStream } from './streaming';


function lineText(l: LogLine, timestamps: boolean): string {
  return `${timestamps && l.time ? `${l.time} ` : ''}${l.text}\n`;
}

async function streamingExec(client: CriClient, id: string, argv: string[], opts: AttachOptions): Promise<AttachedSession> {
  // With a TTY stdin is the terminal either way; containerd 1.6 loses a TTY exec's output when stdin is not streamed
  // (-t alone printed nothing), so it is, and nothing is sent on it unless the caller asked for -i.
  const url = await call(client.exec({ containerId: id, cmd: argv, tty: opts.tty, stdin: opts.stdin || opts.tty, stdout: true, stderr: !opts.tty }));
  // v4 over WebSocket cannot close stdin alone; SPDY can, so stdin without a TTY goes there (its EOF ends the input).
  const s = opts.stdin && !opts.tty ? await openSpdyExec(url) : await openRemoteStream(url, opts);
  if (opts.size) s.resize(opts.size.cols, opts.size.rows);
  const exit = s.status.then((code) => {
    if (code === null) throw new Error("the runtime's streaming server closed the exec before its exit status arrived; look at the container with podlab inspect");
    return code;
  });
  return {
    stdout: s.stdout,
    stderr: s.stderr,
    stdin: s.stdin,
    tty: opts.tty,
    resize: (cols, rows) => Promise.resolve(s.resize(cols, rows)),
    exit,
    close: () => {
      // A TTY process does not see its client go (the runtime keeps its terminal open): end its input first.
      if (opts.tty && s.stdin?.writable) s.stdin.write(EOT);
      s.close();
    },
  };
}

export function criHands(client: CriClient, pod: EphemeralPod): HandsApi {
  return {
    exec: (id, argv, opts) => streamingExec(client, id, argv, opts),
    runEphemeral: (cfg, opts) => runCriEphemeral(client, pod, cfg, opts),
    logs: async (id, opts): Promise<LogStreams> => {
      const path = (await orGone(client.containerStatus(id, false)))?.status?.logPath ?? '';
      if (!path) throw notInCri('show this log', `${id} has no log file (a sandbox, or a container that is gone).`);
      const out = { stdout: new PassThrough(), stderr: new PassThrough() };
      const write = (l: LogLine): void => void out[l.stream].write(lineText(l, !!opts.timestamps));
      for (const l of await tailCriLog(path, opts.tail ?? Number.MAX_SAFE_INTEGER)) write(l);
      let stopFollow = (): void => undefined;
      const stop = (): void => {
        stopFollow();
        out.stdout.end();
        out.stderr.end();
      };
      if (opts.follow) stopFollow = await followCriLog(path, write);
      else stop();
      return { ...out, stop };
    },
  };
}
