// The snapshot JSON Schema: a valid draft-07 schema (checked by ajv), the CSP-safe validator agrees with ajv,
// fixtures validate, broken documents are rejected with a message naming the field, other documents are named.
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { SUPPORTED_KEYWORDS, snapshotSchema, validateAgainst, type SchemaNode } from '../../shared/snapshot/validate';
import { readSnapshot } from '../../shared/snapshot/read';
import { makeSnapshot, snapshotModel } from '../../shared/snapshot/make';
import { serializeSnapshot } from '../../shared/snapshot/serialize';
import type { Snapshot } from '../../shared/model';
import { after, before } from './fixtures/snapshot-fixtures';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const ajvValidate = ajv.compile(snapshotSchema);

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function keywordsOf(node: SchemaNode, out: Set<string>): void {
  for (const [k, v] of Object.entries(node)) {
    out.add(k);
    if (k === 'properties' || k === 'definitions') for (const sub of Object.values(v as Record<string, SchemaNode>)) keywordsOf(sub, out);
    else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) keywordsOf(v as SchemaNode, out);
    else if (k === 'anyOf') for (const sub of v as SchemaNode[]) keywordsOf(sub, out);
  }
}

describe('podlab.snapshot/v1 schema', () => {
  it('uses only keywords the CSP-safe validator implements', () => {
    const used = new Set<string>();
    keywordsOf(snapshotSchema, used);
    const unknown = [...used].filter((k) => !(SUPPORTED_KEYWORDS as readonly string[]).includes(k));
    expect(unknown).toEqual([]);
  });

  it('accepts the fixtures (ajv and the built-in validator agree)', () => {
    for (const s of [before, after]) {
      const doc = clone(s);
      expect(ajvValidate(doc), JSON.stringify(ajvValidate.errors)).toBe(true);
      expect(validateAgainst(doc)).toEqual([]);
      expect(readSnapshot(JSON.stringify(doc)).ok).toBe(true);
    }
  });

  it('accepts the Pod manifests a snapshot carries and rejects what is not a Pod', () => {
    const doc = { ...clone(before), manifests: { 'web-sidecar': { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-sidecar' }, spec: { containers: [{ name: 'web', image: 'busybox' }] } } } };
    expect(ajvValidate(doc)).toBe(true);
    expect(validateAgainst(doc)).toEqual([]);
    const bad = { ...doc, manifests: { x: { ...doc.manifests['web-sidecar'], kind: 'Deployment' } } };
    expect(ajvValidate(bad)).toBe(false);
    expect(validateAgainst(bad).map((e) => e.path)).toContain('/manifests/x/kind');
  });

  it('keeps the public contract names required', () => {
    const pod = (snapshotSchema.definitions?.pod.required ?? []);
    expect(snapshotSchema.required).toEqual(['schema', 'takenAt', 'engine', 'host', 'pods']);
    for (const k of ['name', 'phase', 'sandbox', 'namespaces', 'ip', 'mac', 'hostVeth', 'ports', 'listening', 'containers', 'conflicts']) expect(pod).toContain(k);
  });

  const broken: [string, (d: Record<string, unknown>) => void, string][] = [
    ['a wrong phase', (d) => { (d.pods as Record<string, unknown>[])[0].phase = 'Crashing'; }, '/pods/0/phase'],
    ['a missing ip field', (d) => { delete (d.pods as Record<string, unknown>[])[1].ip; }, '/pods/1'],
    ['a port out of range', (d) => { ((d.pods as { ports: Record<string, unknown>[] }[])[0].ports[0]).hostPort = 70000; }, '/pods/0/ports/0/hostPort'],
    ['a netns that is not net:[inode]', (d) => { ((d.pods as { namespaces: Record<string, unknown> }[])[0].namespaces).net = '4026532184'; }, '/pods/0/namespaces/net'],
    ['a bad conflict kind', (d) => { ((d.pods as { conflicts: Record<string, unknown>[] }[])[1].conflicts[0]).kind = 'port'; }, '/pods/1/conflicts/0/kind'],
    ['a missing engine version', (d) => { delete (d.engine as Record<string, unknown>).version; }, '/engine'],
    ['a sandbox that is a string', (d) => { (d.pods as Record<string, unknown>[])[0].sandbox = 'abc'; }, '/pods/0/sandbox'],
  ];
  for (const [what, breakIt, path] of broken) {
    it(`rejects ${what}, naming ${path}`, () => {
      const doc = clone(before) as unknown as Record<string, unknown>;
      breakIt(doc);
      expect(ajvValidate(doc)).toBe(false);
      const errors = validateAgainst(doc);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.map((e) => e.path)).toContain(path);
      const r = readSnapshot(JSON.stringify(doc), 'bad.json');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(path);
    });
  }

  it('reads keys named like prototype properties as ajv does (extra fields, not schemas)', () => {
    const doc = clone(before) as unknown as { pods: Record<string, unknown>[] };
    const text = JSON.stringify(doc).replace('"pods":[{', '"pods":[{"constructor":1,"__proto__":{"x":1},"toString":"y",');
    const parsed = JSON.parse(text) as unknown;
    expect(ajvValidate(parsed)).toBe(true);
    expect(validateAgainst(parsed)).toEqual([]);
    // And a wrong value beside them is still found.
    const bad = JSON.parse(text.replace('"phase":"Running"', '"phase":"Crashing"')) as unknown;
    expect(ajvValidate(bad)).toBe(false);
    expect(validateAgainst(bad).map((e) => e.path)).toContain('/pods/0/phase');
  });

  it('says clearly when a document is not a podlab v1 snapshot', () => {
    const cases: [string, RegExp][] = [
      ['not json', /bad\.json is not a podlab snapshot: it is not JSON/],
      ['[1,2]', /not a podlab snapshot: expected a JSON object/],
      ['{"pods":[]}', /has no "schema" field/],
      ['{"schema":"other/v1"}', /its "schema" is "other\/v1"/],
      ['{"schema":"podlab.snapshot/v2","pods":[]}', /is a podlab\.snapshot\/v2 snapshot; this podlab reads only podlab\.snapshot\/v1/],
    ];
    for (const [text, msg] of cases) {
      const r = readSnapshot(text, 'bad.json');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(msg);
    }
  });

  it('makeSnapshot freezes a model, keeps only the asked pods, and round-trips', () => {
    const s = makeSnapshot(snapshotModel(before), new Date('2026-11-26T21:00:00Z'), ['port-conflict']);
    expect(s.schema).toBe('podlab.snapshot/v1');
    expect(s.takenAt).toBe('2026-11-26T21:00:00.000Z');
    expect(s.pods.map((p) => p.name)).toEqual(['port-conflict']);
    expect(s.host.veths.map((v) => v.name)).toEqual(['veth9f8e7d6']);
    expect(s.host.bridges).toEqual(before.host.bridges);
    expect(validateAgainst(clone(s))).toEqual([]);
  });

  it('serializeSnapshot writes only valid snapshots', () => {
    expect(readSnapshot(serializeSnapshot(before)).ok).toBe(true);
    const bad = { ...clone(before), pods: [{ ...clone(before.pods[0]), phase: 'Crashing' }] } as unknown as Snapshot;
    expect(() => serializeSnapshot(bad)).toThrow(/\/pods\/0\/phase/);
  });
});
