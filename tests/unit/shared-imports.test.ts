// shared/ stays a clean bottom layer: no module imports back into a module that imports it (no cycles, type imports
// included), and nothing in shared/ reaches into electron/ or renderer/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../shared');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function target(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const p of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(p)) return p;
  return base;
}

const graph = new Map<string, string[]>(
  files(ROOT).map((f) => {
    const text = readFileSync(f, 'utf8');
    const specs = [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1]!);
    return [f, specs.map((s) => target(f, s))];
  }),
);

describe('shared/ imports', () => {
  it('has no cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(ROOT, p)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) walk(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) walk(f, []);
    expect(cycles).toEqual([]);
  });

  it('reaches only into shared/ itself', () => {
    const outside = [...graph].flatMap(([f, ts]) => ts.filter((t) => !t.startsWith(ROOT)).map((t) => `${relative(ROOT, f)} → ${t}`));
    expect(outside).toEqual([]);
  });
});
