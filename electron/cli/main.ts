// podlab's command line (docs/contract.md): a thin layer over the engine. Each command lives in
// commands/<name>.ts and is loaded lazily so `podlab --help` and light commands start fast.
import { takeRuntimeEndpoint } from '../engine/runtime-endpoint';
import type { CommandModule } from './command';
import { ConfigError, loadConfig, type PodlabConfig } from '../engine/config';
import { trace } from '../engine/trace';
import { startEarly } from '../engine/early';

/**
 * `ownHelp`: the command prints a fuller --help itself. `early`: its next step is a model of every pod, so the engine is
 * asked for its version and listing, and the /proc dump started, before the command's code is loaded (engine/early.ts).
 */
const commands: Record<string, { summary: string; ownHelp?: true; early?: (args: string[]) => boolean; load: () => Promise<CommandModule> }> = {
  launch: { summary: 'launch <template-or-file> [--name N] [--wait] [--json] [--plain]   create and start a pod (--plain: as plain Docker containers)', load: () => import('./commands/launch') },
  ls: { summary: 'ls [--json] [--plain]                                    list pods (--plain: the containers outside any pod)', early: () => true, load: () => import('./commands/ls') },
  inspect: { summary: 'inspect <pod> [--json]                                   one pod of the model', load: () => import('./commands/inspect') },
  add: { summary: 'add <pod> <container> --image IMG [--port N[/tcp|udp]] [--wait] [--json] [-- CMD...]', load: () => import('./commands/add') },
  rm: { summary: 'rm <pod>... | --all                                      remove pods (podlab\'s only)', load: () => import('./commands/rm') },
  snapshot: { summary: 'snapshot [--pod N]... [--format json|md|svg|png] [-o FILE] [--force]', ownHelp: true, early: (a) => !a.some((x) => x === '--pod' || x.startsWith('--pod=')), load: () => import('./commands/snapshot') },
  diff: { summary: 'diff <a.json> <b.json> [--json]                          compare two snapshots', ownHelp: true, load: () => import('./commands/diff') },
  export: { summary: 'export <pod>                                             print the pod as a Kubernetes Pod manifest', ownHelp: true, load: () => import('./commands/export') },
  watch: { summary: 'watch [--json]                                           stream changes', load: () => import('./commands/watch') },
  serve: { summary: 'serve [--host H] [--port P] [--allow-exec]                serve the UI to a browser', ownHelp: true, load: () => import('./commands/serve') },
  doctor: { summary: 'doctor                                                   check the engine, images and permissions', load: () => import('./commands/doctor') },
  templates: { summary: 'templates [--json]                                       list the built-in templates', load: () => import('./commands/templates') },
  exec: { summary: 'exec <pod> [-c C] [-i] [-t] -- CMD...                  run a command in a container of a pod', load: () => import('./commands/exec') },
  logs: { summary: 'logs <pod> [-c C] [-f] [--previous] [--tail N] [--timestamps]   a container\'s log', load: () => import('./commands/logs') },
  debug: { summary: 'debug <pod> [--image I] [--target C] [-i] [-t] [-- CMD...]   add an ephemeral debug container', load: () => import('./commands/debug') },
  prove: { summary: 'prove <pod> [--json]                                    one IP, and who reaches whom over localhost', load: () => import('./commands/prove') },
  node: { summary: 'node [--json]                                            what the runtime itself lists (docker ps), pause containers marked', load: () => import('./commands/node') },
};

function usage(): string {
  return [
    'podlab — a lab for Kubernetes pod networking on your Docker engine',
    '',
    'Usage: podlab <command> [options]',
    '',
    ...Object.values(commands).map((c) => `  ${c.summary}`),
    '',
    'Environment: DOCKER_HOST (engine), PODLAB_PAUSE_IMAGE (sandbox image), PODLAB_DEMO_IMAGE (image of the templates\' containers)',
    'CRI runtime (a Kubernetes node): --runtime-endpoint URL or CONTAINER_RUNTIME_ENDPOINT, e.g. unix:///run/containerd/containerd.sock',
  ].join('\n');
}

async function main(all: string[]): Promise<number> {
  // Any command takes --runtime-endpoint (crictl's flag); it reaches the engine as CONTAINER_RUNTIME_ENDPOINT.
  const { argv, endpoint } = takeRuntimeEndpoint(all);
  if (endpoint) process.env.CONTAINER_RUNTIME_ENDPOINT = endpoint;
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('podlab 0.1.0\n');
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`podlab: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  // The environment is checked once, before any command touches the engine: a mistyped variable is a usage error.
  let config: PodlabConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`podlab: ${err.message}\n`);
    return err.exitCode;
  }
  // `podlab <command> --help`: the command's line of the usage, on stdout, exit 0 (a question, not a mistake).
  if (!cmd.ownHelp && (rest[0] === '--help' || rest[0] === '-h')) {
    process.stdout.write(`Usage: podlab ${cmd.summary.replace(/ {2,}/, '\n  ')}\n`);
    return 0;
  }
  // One turn of the event loop lets the early requests connect and go out before loading blocks it.
  if (cmd.early?.(rest) && startEarly(process.env)) await new Promise((resolve) => setImmediate(resolve));
  const mod = await cmd.load();
  trace('command loaded');
  return mod.run(rest, config);
}

// `podlab snapshot | head` closes the pipe early: the reader has what it wanted, that is not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

let settled = false;
main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (err: unknown) => {
    settled = true;
    process.stderr.write(`podlab: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

// Nothing left to wait for, yet the command never finished: a request whose answer was cut off settles no promise in
// the Docker client (an engine closing mid-reply). Exiting 0 then would claim success.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  process.stderr.write('podlab: the engine closed the connection before its answer was complete; run podlab doctor to check the engine, then try again\n');
  process.exitCode = 1;
});
