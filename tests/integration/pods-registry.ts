// A tiny in-process Docker registry (v2 API) on 127.0.0.1 for pull tests: serves one image made of the offline demo
// image's layer plus a fresh random layer, slowly enough for the engine to report download progress.
// The engine trusts 127.0.0.0/8 as an insecure registry by default, so no TLS and no traffic off the machine.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A one-file tar archive (ustar), enough for a layer. */
function tarOneFile(name: string, data: Buffer): Buffer {
  const h = Buffer.alloc(512);
  const put = (s: string, off: number, len: number): void => void h.write(s.slice(0, len), off, 'ascii');
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 12);
  put(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([h, data, pad, Buffer.alloc(1024)]);
}

export interface FakeRegistry {
  /** The image reference to pull, e.g. 127.0.0.1:41234/h1-pull/demo:t1a2b3. */
  image: string;
  /** How many blob bytes were served (proves the engine really downloaded). */
  served: () => number;
  close: () => Promise<void>;
}

export async function startFakeRegistry(baseImage: string, tag: string): Promise<FakeRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-registry-'));
  let base: { Config: string; Layers: string[] };
  let baseConfig: { rootfs: { diff_ids: string[] }; history?: unknown[] } & Record<string, unknown>;
  let baseLayers: Buffer[];
  try {
    execFileSync('sh', ['-c', `docker save "$1" | tar -x -C "$2"`, 'sh', baseImage, dir], { timeout: 60_000 });
    base = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { Config: string; Layers: string[] }[])[0];
    baseConfig = JSON.parse(readFileSync(join(dir, base.Config), 'utf8'));
    baseLayers = base.Layers.map((l) => readFileSync(join(dir, l)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const extra = tarOneFile('podlab-pull-test', randomBytes(2 * 1024 * 1024)); // random: gzip cannot shrink it
  const layersTar = [...baseLayers, extra];
  const layersGz = layersTar.map((t) => gzipSync(t));
  const config = Buffer.from(
    JSON.stringify({
      ...baseConfig,
      rootfs: { type: 'layers', diff_ids: layersTar.map(sha) },
      history: [...(baseConfig.history ?? []), { created: new Date().toISOString(), created_by: 'podlab pull test layer' }],
    }),
  );
  const blobs = new Map<string, Buffer>([[sha(config), config], ...layersGz.map((b) => [sha(b), b] as [string, Buffer])]);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha(config) },
      layers: layersGz.map((b) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: b.length, digest: sha(b) })),
    }),
  );
  let served = 0;
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    if (url === '/v2/' || url === '/v2') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    const m = /^\/v2\/h1-pull\/demo\/(manifests|blobs)\/([^/?]+)$/.exec(url);
    const body = m?.[1] === 'manifests' ? (m[2] === tag || m[2] === sha(manifest) ? manifest : null) : m ? (blobs.get(decodeURIComponent(m[2])) ?? null) : null;
    if (!m || !body) return void res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errors":[{"code":"NOT_FOUND"}]}');
    const type = m[1] === 'manifests' ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Docker-Content-Digest': sha(body) });
    if (req.method === 'HEAD') return void res.end();
    if (m[1] === 'manifests') return void res.end(body);
    // Trickle blobs in 64 KiB pieces so the engine reports "Downloading" progress (bounded: ~40 pieces per MiB).
    let off = 0;
    const step = (): void => {
      if (off >= body.length) return void res.end();
      const piece = body.subarray(off, off + 65536);
      off += piece.length;
      served += piece.length;
      res.write(piece);
      setTimeout(step, 5);
    };
    step();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    image: `127.0.0.1:${port}/h1-pull/demo:${tag}`,
    served: () => served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
