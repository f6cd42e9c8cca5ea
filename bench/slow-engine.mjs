// A slow engine on demand: an HTTP proxy on a private unix socket in front of dockerd that holds each container
// create and start until it has taken as long as on the slow engine of issue 15 (create ~75 ms, a sandbox's start
// ~445 ms so that `docker run` of it is ~520 ms, a joined container's start ~230 ms), and writes one JSON line per
// request (method, path, status, start and end in epoch ms) to a trace file. Not a benchmark itself: launch.bench.mjs
// runs it with BENCH_SLOW_ENGINE=1 and points podlab and the docker CLI (DOCKER_HOST) at its socket.
// Usage: node bench/slow-engine.mjs <socket> <trace.jsonl> [upstream socket]
import { appendFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { connect } from 'node:net';

const [socket, trace, upstream = '/var/run/docker.sock'] = process.argv.slice(2);
if (!socket || !trace) {
  console.error('usage: node bench/slow-engine.mjs <socket> <trace.jsonl> [upstream socket]');
  process.exit(2);
}
const ms = (name, dflt) => Number(process.env[name] || dflt);
const CREATE_MS = ms('SLOW_CREATE_MS', 75);
const SANDBOX_START_MS = ms('SLOW_SANDBOX_START_MS', 445);
const JOINED_START_MS = ms('SLOW_JOINED_START_MS', 230);

const agent = new Agent({ keepAlive: true });
/** Container id → joined (NetworkMode container:…) or not, learnt from each create's body and answer. */
const joined = new Map();
const now = () => performance.timeOrigin + performance.now();
const CREATE = /\/containers\/create(\?|$)/;
const START = /\/containers\/([^/?]+)\/start(\?|$)/;

/** How long this request must take on the slow engine, in ms (0: as fast as dockerd answers). */
function floorOf(method, path) {
  if (method !== 'POST') return 0;
  if (CREATE.test(path)) return CREATE_MS;
  const start = START.exec(path);
  if (start) return joined.get(start[1]) === false ? SANDBOX_START_MS : JOINED_START_MS;
  return 0;
}

function body(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const server = createServer(async (req, res) => {
  const t0 = now();
  const path = req.url ?? '/';
  const isCreate = req.method === 'POST' && CREATE.test(path);
  const floor = floorOf(req.method, path);
  // A create's body tells whether the container joins another's network (an app) or not (a sandbox).
  const sent = isCreate ? await body(req) : null;
  const up = request({ socketPath: upstream, agent, method: req.method, path, headers: req.headers }, async (upRes) => {
    const wait = () => new Promise((r) => setTimeout(r, Math.max(0, floor - (now() - t0))));
    if (isCreate) {
      const answer = await body(upRes);
      try {
        const mode = JSON.parse(sent.toString() || '{}').HostConfig?.NetworkMode ?? '';
        const id = JSON.parse(answer.toString()).Id;
        if (id) joined.set(id, String(mode).startsWith('container:'));
      } catch {
        // not JSON (an error page): nothing to learn
      }
      await wait();
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      res.end(answer);
    } else {
      if (floor) await wait();
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      // A long poll (POST …/wait) answers its headers at once and its body at exit; the docker CLI waits for them.
      res.flushHeaders();
      upRes.pipe(res);
    }
    res.on('finish', () => appendFileSync(trace, JSON.stringify({ method: req.method, path, status: upRes.statusCode, t0, t1: now() }) + '\n'));
  });
  up.on('error', (err) => {
    res.writeHead(502);
    res.end(String(err));
  });
  if (sent) up.end(sent);
  else req.pipe(up);
});

// Hijacked streams (attach, exec with a TTY): piped both ways as they are, unslowed.
server.on('upgrade', (req, sock, head) => {
  const up = connect(upstream, () => {
    const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`)];
    up.write(lines.join('\r\n') + '\r\n\r\n');
    up.write(head);
    up.pipe(sock);
    sock.pipe(up);
  });
  up.on('error', () => sock.destroy());
  sock.on('error', () => up.destroy());
});

rmSync(socket, { force: true });
server.listen(socket, () => console.log('ready'));
const stop = () => {
  server.closeAllConnections();
  server.close();
  rmSync(socket, { force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
