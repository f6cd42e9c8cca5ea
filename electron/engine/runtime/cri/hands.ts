// exec, logs and debug on a CRI runtime, as far as the CRI allows without its streaming server: a command runs through
// ExecSync (kubectl exec without -i/-t) and the log comes from the kubelet's log files. An interactive exec, a
// terminal and an ephemeral debug container need the runtime's streaming Exec/Attach (a URL on its streaming server
// that the kubelet proxies), which podlab does not speak: those are refused, saying what to use instead.
import { PassThrough, Readable } from 'node:stream';
import type { CriClient } from '../../cri/client';
import type { AttachedSession, HandsApi, LogStreams } from '../hands';
import type { LogLine } from '../runtime';
import { call, notInCri, orGone } from './errors';
import { followCriLog, tailCriLog } from './logs';

const STREAMING = "the CRI's interactive Exec and Attach stream through the runtime's streaming server (a URL the kubelet proxies), which podlab does not speak";

/** A finished process's output as an attached session (what ExecSync returns, all at once). */
function finished(stdout: Buffer, stderr: Buffer, exitCode: number): AttachedSession {
  return { stdout: Readable.from([stdout]), stderr: Readable.from([stderr]), stdin: null, tty: false, resize: () => Promise.resolve(), exit: Promise.resolve(exitCode), close: () => undefined };
}

function lineText(l: LogLine, timestamps: boolean): string {
  return `${timestamps && l.time ? `${l.time} ` : ''}${l.text}\n`;
}

export function criHands(client: CriClient): HandsApi {
  return {
    exec: async (id, argv, opts) => {
      if (opts.stdin || opts.tty) throw notInCri('attach stdin or a terminal (exec -i/-t, the app\'s terminal)', `${STREAMING}. Run the command without -i/-t (podlab uses ExecSync then), or crictl exec -it on the node.`);
      const r = await call(client.execSync(id, argv));
      return finished(r.stdout, r.stderr, r.exitCode);
    },
    runEphemeral: () => Promise.reject(notInCri('attach to an ephemeral debug container', `${STREAMING}. Use podlab exec <pod> -c <container> -- <command> (ExecSync) on a CRI runtime, or kubectl debug on a cluster.`)),
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
