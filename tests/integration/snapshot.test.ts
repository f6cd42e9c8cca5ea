// Snapshots, diff and export of a real pod through bin/podlab: JSON validates against the schema, Markdown/SVG/PNG
// show the pod's name, IP and netns, -o never clobbers without --force, a sandbox restart shows up as a new netns,
// and an exported manifest relaunches the same pod. Pods are h5-*, removed in afterAll.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { svgToPng } from '../../electron/engine/export/png';
import type { Snapshot } from '../../shared/model';
import { renderTopologySvg } from '../../shared/render/topology';
import type { SnapshotDiff } from '../../shared/render/diff';
import { snapshotModel } from '../../shared/snapshot/make';
import { snapshotSchema, validateAgainst } from '../../shared/snapshot/validate';
import { freePort } from './helpers';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const POD = `h5-snap-${process.pid % 10000}`;
const COPY = `${POD}-copy`;
const ajvValidate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(snapshotSchema);
let dir = '';
let hostPort = 0;
/** The pod as first launched, before the sandbox restart test strands its containers. */
let original: Snapshot['pods'][number] | null = null;

interface Run { code: number; stdout: Buffer; stderr: string }

function podlab(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('bin/podlab', args, { encoding: 'buffer', timeout: 90_000, maxBuffer: 32 << 20, env: process.env }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr: stderr.toString() });
    });
  });
}

async function ok(...args: string[]): Promise<Buffer> {
  const r = await podlab(...args);
  expect(r.code, `podlab ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

async function snapshotJson(): Promise<Snapshot> {
  const doc = JSON.parse((await ok('snapshot', '--pod', POD)).toString()) as Snapshot;
  expect(ajvValidate(doc), JSON.stringify(ajvValidate.errors)).toBe(true);
  return doc;
}

function manifest(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { lesson: 'snapshot' } },
    spec: {
      containers: [
        { name: 'web', image: DEMO, command: ['httpd', '-f', '-p', '80', '-h', '/www'], ports: [{ containerPort: 80, hostPort, hostIP: '127.0.0.1', protocol: 'TCP' }] },
        { name: 'dns', image: DEMO, command: ['/bin/udp-listen', '53'], ports: [{ containerPort: 53, protocol: 'UDP' }] },
      ],
    },
  });
}

async function removePods(): Promise<void> {
  for (const p of [POD, COPY]) await podlab('rm', p);
}

beforeAll(async () => {
  if (!existsSync('out/cli/podlab.cjs')) throw new Error('build the CLI first: npm run build:cli');
  dir = await mkdtemp(join(tmpdir(), 'h5-snapshot-'));
  hostPort = await freePort();
  await removePods();
  await writeFile(join(dir, 'pod.json'), manifest(POD));
  await ok('launch', join(dir, 'pod.json'), '--wait');
});

afterAll(async () => {
  await removePods();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('podlab snapshot / diff / export on a real pod', () => {
  it('writes JSON that validates against podlab.snapshot/v1, for one pod and for the whole engine', async () => {
    const s = await snapshotJson();
    expect(validateAgainst(s)).toEqual([]);
    expect(s.schema).toBe('podlab.snapshot/v1');
    expect(s.engine.endpoint).toBeTruthy();
    const pod = s.pods.find((p) => p.name === POD);
    original = pod ?? null;
    expect(pod?.phase).toBe('Running');
    expect(pod?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(pod?.namespaces.net).toMatch(/^net:\[\d+\]$/);
    expect(pod?.ports).toEqual([{ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' }]);
    // The snapshot carries the launch manifest, images as they run, so the file alone can relaunch the pod.
    expect(s.manifests?.[POD]?.spec.containers.map((c) => [c.name, c.image])).toEqual([['web', DEMO], ['dns', DEMO]]);
    expect(Object.keys(s.manifests ?? {})).toEqual([POD]);
    const all = JSON.parse((await ok('snapshot')).toString()) as unknown;
    expect(ajvValidate(all), JSON.stringify(ajvValidate.errors)).toBe(true);
  });

  it('writes a Markdown report with the pod, its IP, netns, sockets and docker run lines', async () => {
    const s = await snapshotJson();
    const pod = s.pods.find((p) => p.name === POD)!;
    const md = (await ok('snapshot', '--pod', POD, '--format', 'md')).toString();
    for (const t of [POD, pod.ip!, pod.namespaces.net!, `127.0.0.1:${hostPort}→80/tcp`, '| udp', '| dns |']) expect(md).toContain(t);
    expect(md).toContain(`--ipc shareable -p 127.0.0.1:${hostPort}:80/tcp`);
    expect(md).toMatch(/--network container:k8s_POD_\S+ --ipc container:k8s_POD_\S+ --entrypoint httpd /);
    expect(md).toContain('--entrypoint /bin/udp-listen');
  });

  it('writes the SVG the UI draws (well-formed, same string) and a PNG of it that decodes and shows the labels', async () => {
    let matched = false;
    for (let i = 0; i < 3 && !matched; i++) {
      const a = await snapshotJson();
      const svgFile = join(dir, `t${i}.svg`);
      const pngFile = join(dir, `t${i}.png`);
      await ok('snapshot', '--pod', POD, '-o', svgFile);
      await ok('snapshot', '--pod', POD, '-o', pngFile);
      const b = await snapshotJson();
      const svg = await readFile(svgFile, 'utf8');
      expect(XMLValidator.validate(svg)).toBe(true);
      const pod = a.pods[0];
      for (const t of [POD, pod.ip!, pod.namespaces.net!]) expect(svg).toContain(t);
      const png = await readFile(pngFile);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(png.toString('latin1', 12, 16)).toBe('IHDR');
      const width = png.readUInt32BE(16);
      const height = png.readUInt32BE(20);
      const [, w, h] = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg) ?? [];
      expect(width).toBe(Math.round(Number(w) * 2));
      expect(height).toBe(Math.round(Number(h) * 2));
      // The network did not move between the two JSON snapshots: the SVG must be exactly the UI's drawing of it.
      const stable = JSON.stringify({ ...a, takenAt: '' }) === JSON.stringify({ ...b, takenAt: '' });
      if (!stable) continue;
      expect(svg).toBe(renderTopologySvg(snapshotModel(a)));
      const base = svgToPng(svg, { scale: 1 }).png;
      for (const t of [POD, pod.ip!, pod.namespaces.net!]) {
        const blanked = svgToPng(svg.split(t).join(' '.repeat(t.length)), { scale: 1 }).png;
        expect(blanked.equals(base), `${t} drawn in the PNG`).toBe(false);
      }
      matched = true;
    }
    expect(matched, 'the pod stayed stable across three tries').toBe(true);
  });

  it('refuses to overwrite without --force, replaces with it, leaves no temp files; unknown --pod exits 2', async () => {
    const file = join(dir, 'a.json');
    await ok('snapshot', '--pod', POD, '-o', file);
    const first = await readFile(file, 'utf8');
    const again = await podlab('snapshot', '--pod', POD, '-o', file);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(await readFile(file, 'utf8')).toBe(first);
    await ok('snapshot', '--pod', POD, '-o', file, '--force');
    const second = await readFile(file, 'utf8');
    expect(second).not.toBe(first);
    expect(validateAgainst(JSON.parse(second))).toEqual([]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const unknown = await podlab('snapshot', '--pod', 'h5-no-such-pod');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('h5-no-such-pod');
  });

  it('diff shows the new netns after a sandbox restart; non-snapshots exit 2', async () => {
    const a = join(dir, 'before.json');
    const b = join(dir, 'after.json');
    await ok('snapshot', '--pod', POD, '-o', a);
    const old = (JSON.parse(await readFile(a, 'utf8')) as Snapshot).pods[0];
    await new Promise<void>((resolve, reject) =>
      execFile('docker', ['restart', '-t', '1', old.sandbox!.id], { timeout: 60_000 }, (err) => (err ? reject(err) : resolve())),
    );
    let now: Snapshot | null = null;
    for (let i = 0; i < 20; i++) {
      const s = await snapshotJson();
      if (s.pods[0]?.sandbox?.state === 'running' && s.pods[0].namespaces.net && s.pods[0].namespaces.net !== old.namespaces.net) {
        now = s;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(now, 'the sandbox came back with a new netns').not.toBeNull();
    await writeFile(b, JSON.stringify(now));
    const d = JSON.parse((await ok('diff', a, b, '--json')).toString()) as SnapshotDiff;
    const pd = d.podsChanged.find((p) => p.name === POD);
    expect(pd?.netns).toEqual({ from: old.namespaces.net, to: now!.pods[0].namespaces.net });
    expect(pd?.hostVeth?.from).toBe(old.hostVeth);
    const text = (await ok('diff', a, b)).toString();
    expect(text).toContain(`netns: ${old.namespaces.net} → ${now!.pods[0].namespaces.net}`);
    const bad = await podlab('diff', a, 'package.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('package.json is not a podlab snapshot');
  });

  it('exports a manifest that relaunches the same pod, containers added later included', async () => {
    const before = original;
    if (!before) throw new Error('the first test did not capture the pod');
    expect(before.listening.length).toBe(2);
    await ok('add', POD, 'extra', '--image', DEMO, '--port', '8081', '--wait', '--', 'httpd', '-f', '-p', '8081', '-h', '/www');
    const yaml = (await ok('export', POD)).toString();
    expect(yaml).toContain('name: extra');
    expect(yaml).toContain('kind: Pod');
    expect(yaml).not.toContain('io.podlab');
    expect((await podlab('export', 'h5-no-such-pod')).code).toBe(2);
    // The copy needs the same hostPort: free it first, as a user would.
    await ok('rm', POD);
    const file = join(dir, 'export.yaml');
    await writeFile(file, yaml);
    await ok('launch', file, '--name', COPY, '--wait');
    const copy = JSON.parse((await ok('snapshot', '--pod', COPY)).toString()) as Snapshot;
    const c = copy.pods[0];
    expect(c.phase).toBe('Running');
    const want = [...before.containers.map((x) => [x.name, x.image, 'running']), ['extra', DEMO, 'running']];
    expect(c.containers.map((x) => [x.name, x.image, x.state])).toEqual(want);
    expect(c.ports).toEqual(before.ports);
    const listeners = (p: typeof c): string[] => p.listening.map((l) => `${l.protocol.replace('6', '')}:${l.port}:${l.container}`).sort();
    expect(listeners(c)).toEqual([...listeners(before), 'tcp:8081:extra'].sort());
  });
});
