// The engine's /version and container listing, asked by the CLI's first module before it loads the command's bundle.
// Why: loading `ls` or `snapshot` (~12 ms of compiling and running its modules) and the engine's answer (~15 ms at 30
// pods, ~50 at 100) used to come one after the other; asked first, the engine answers on its other core meanwhile.
// This is the one place that knows the trick: connect.ts takes the answers when it picks the same endpoint, and asks
// as usual (its own client, its own errors) when they are not there or failed. Only for a local socket that needs no
// docker context, the common case; anything else simply is not asked early. /version itself is remembered between runs
// (version-memo.ts), and the listing may have been asked before Node started, by bin/podlab's launcher
// (probe/native/early.c): then its answer is read from the connection the launcher hands over.
// In the CLI's bundles node:http loads on first use (scripts/build-cli.mjs): the first module serves every command.
import { get as httpGet, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { closeSync, fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import { currentContextName } from '../../context';
import { criEndpoint } from '../../runtime-endpoint';
import { candidateEndpoints, SOCKET_HOST_HEADER, worthTrying } from './endpoints';
import { headerKey, recall, remember, socketIdentity } from './version-memo';
import { parseHttpAnswer } from './http-answer';
import { trace } from '../../trace';

export interface EarlyAnswers {
  endpoint: string;
  /** GET /version, parsed; rejects on anything but a 200 with a JSON object. */
  version: Promise<unknown>;
  /** GET /containers/json?all=true (what dockerode's listContainers({ all: true }) asks), parsed; an array or a rejection. */
  listing: Promise<unknown[]>;
}

// The CLI's first module and the command's bundle are separate files, each with its own copy of this module: the
// answers wait on the process's global object, under a key only this module uses.
const SLOT = Symbol.for('podlab.engine.earlyAnswers');
interface Slot {
  answers: EarlyAnswers;
  /** Keeps the process alive for the answers once someone waits for them (before that they hold nothing up). */
  wanted(): void;
}
const slots = globalThis as unknown as Record<symbol, Slot | undefined>;

/** The endpoint connect.ts tries first, when it is a local socket reachable without reading a docker context. */
function firstLocalSocket(env: NodeJS.ProcessEnv): string | null {
  if (criEndpoint(env) || process.platform === 'win32') return null;
  // A context may name a remote engine (and its reading may throw, which connect.ts reports): not asked early.
  if (!env.DOCKER_HOST && currentContextName(env)) return null;
  // The first candidate connect.ts tries.
  const endpoint = candidateEndpoints(env).find((e) => worthTrying(e, env, false));
  return endpoint?.startsWith('unix://') ? endpoint : null;
}

/**
 * The connection on which bin/podlab's launcher asked for an answer (PODLAB_EARLY_LISTING or PODLAB_EARLY_NETWORKS =
 * "<pid> <fd> <socket>"), when the variable is this process's own (the launcher's pid, which its exec kept) and names
 * the socket asked here. Another process's variable is not acted on at all (its fd may be anything of ours); our own for
 * another socket is closed. Either way the variable is removed, so that no child of this process takes it.
 */
function launchedConnection(env: NodeJS.ProcessEnv, variable: string, socketPath: string | null): number | null {
  const given = /^(\d+) (\d+) (.+)$/.exec(env[variable] ?? '');
  delete env[variable];
  if (!given || Number(given[1]) !== process.pid) return null;
  const fd = Number(given[2]);
  try {
    if (fd <= 2 || !fstatSync(fd).isSocket()) return null;
    if (given[3] === socketPath) return fd;
    closeSync(fd);
  } catch {
    // Not open: nothing to read or close.
  }
  return null;
}

/** An answer as every early request takes it: a 200 with JSON (its body parsed), else an error naming the request. */
function jsonAnswer(what: string, status: number | undefined, headers: IncomingHttpHeaders, body: Buffer): { body: unknown; headers: IncomingHttpHeaders } {
  if (status !== 200) throw new Error(`${what}: HTTP ${status}`);
  return { body: JSON.parse(body.toString('utf8')), headers };
}

/** The launcher's request on this connection, read to its end: a whole 200 with JSON, else a rejection. */
function readLaunched(fd: number, sockets: Socket[], wanted: () => boolean): Promise<{ body: unknown; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const s = new Socket({ fd, readable: true, writable: false });
    sockets.push(s);
    if (!wanted()) s.unref();
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', reject);
    s.on('end', () => {
      try {
        const answer = parseHttpAnswer(Buffer.concat(chunks));
        resolve(jsonAnswer('launched request', answer.status, answer.headers, answer.body));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

// The bridge networks the launcher asked for, waiting on the process's global object (like the answers) for the
// runtime's first bridges() (index.ts), which asks again itself when they failed.
const NETWORKS = Symbol.for('podlab.engine.earlyNetworks');
const networkSlots = globalThis as unknown as Record<symbol, { endpoint: string; networks: Promise<unknown[]> } | undefined>;

/** The launcher's bridge networks (Docker's JSON) for this endpoint, once; null when none were asked. */
export function takeEarlyNetworks(endpoint: string): Promise<unknown[]> | null {
  const slot = networkSlots[NETWORKS];
  if (!slot || slot.endpoint !== endpoint) return null;
  delete networkSlots[NETWORKS];
  return slot.networks;
}

/**
 * Starts both requests (for a command whose next step is a model of every pod); false when not a local socket. They go
 * out once the caller lets the event loop turn (the socket connects there).
 */
export function askEarly(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = firstLocalSocket(env);
  const socketPath = endpoint ? endpoint.slice('unix://'.length) : null;
  const launched = launchedConnection(env, 'PODLAB_EARLY_LISTING', socketPath);
  const launchedNetworks = launchedConnection(env, 'PODLAB_EARLY_NETWORKS', socketPath);
  if (!endpoint || !socketPath) return false;
  const sockets: Socket[] = [];
  let wanted = false;
  const get = (path: string, onHeaders?: (h: IncomingHttpHeaders) => void): Promise<{ body: unknown; headers: IncomingHttpHeaders }> =>
    new Promise((resolve, reject) => {
      const req: ClientRequest = httpGet({ socketPath, path, headers: { host: SOCKET_HOST_HEADER }, agent: false }, (res) => {
        onHeaders?.(res.headers);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve(jsonAnswer(path, res.statusCode, res.headers, Buffer.concat(chunks)));
          } catch (err) {
            reject(err);
          }
        });
      });
      req.on('error', reject);
      req.on('socket', (s: Socket) => {
        sockets.push(s);
        if (!wanted) s.unref();
      });
    });
  const askVersion = (): Promise<unknown> => {
    // Read before asking: a daemon that starts again meanwhile leaves a memo that no longer matches.
    const socket = socketIdentity(socketPath);
    return get('/version').then(({ body, headers }) => {
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('/version: not an object');
      remember(socketPath, socket, headerKey(headers), body, env);
      return body;
    });
  };
  // The engine's /version, remembered from an earlier run when the listing shows the same daemon (version-memo.ts says
  // why); else asked beside the listing.
  const memo = recall(socketPath, env);
  let listingHeaders: (h: IncomingHttpHeaders | null) => void = () => undefined;
  const headersSeen = new Promise<IncomingHttpHeaders | null>((r) => (listingHeaders = r));
  const askListing = (): Promise<{ body: unknown; headers: IncomingHttpHeaders }> => get('/containers/json?all=true', (h) => listingHeaders(h));
  // The launcher's requests, read to the end of their connections (an answer that is not a whole 200 fails the early
  // listing: connect.ts then asks again, as for any early answer that failed; and the networks are asked by bridges()).
  const fromLauncher = (fd: number): Promise<{ body: unknown; headers: IncomingHttpHeaders }> =>
    readLaunched(fd, sockets, () => wanted).then((a) => {
      listingHeaders(a.headers);
      trace('listing asked before Node, read');
      return a;
    });
  if (launchedNetworks !== null) {
    const networks = readLaunched(launchedNetworks, sockets, () => wanted).then(({ body }) => {
      if (!Array.isArray(body)) throw new Error('networks: not an array');
      trace('networks asked before Node, read');
      return body as unknown[];
    });
    networks.catch(() => undefined);
    networkSlots[NETWORKS] = { endpoint, networks };
  }
  const listing = (launched === null ? askListing() : fromLauncher(launched)).then(({ body }) => (Array.isArray(body) ? (body as unknown[]) : Promise.reject(new Error('listing: not an array'))));
  listing.catch(() => listingHeaders(null));
  const version = memo
    ? headersSeen.then((h) => {
        if (!h || headerKey(h) !== memo.headers) return askVersion();
        trace('engine version remembered');
        return memo.version;
      })
    : askVersion();
  // Whoever takes them handles failures (by asking again); untaken ones must not end the process as unhandled.
  version.catch(() => undefined);
  listing.catch(() => undefined);
  slots[SLOT] = {
    answers: { endpoint, version, listing },
    wanted: () => {
      wanted = true;
      for (const s of sockets) s.ref();
    },
  };
  return true;
}

/** The early answers, for a look before anyone takes them (engine/early.ts); null when none were asked. */
export function peekEarly(): EarlyAnswers | null {
  return slots[SLOT]?.answers ?? null;
}

/** The early answers when they were asked of this endpoint, once; later callers and other endpoints get null. */
export function takeEarly(endpoint: string): EarlyAnswers | null {
  const slot = slots[SLOT];
  if (!slot || slot.answers.endpoint !== endpoint) return null;
  delete slots[SLOT];
  slot.wanted();
  return slot.answers;
}
