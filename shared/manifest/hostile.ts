// Hostile manifests just under the 256 KiB limit, each aimed at a path that once was quadratic or recursive in the
// YAML parser. Shared by the unit tests (each is refused) and `npm run bench` (each is timed).

const LIMIT = 256 * 1024 - 64;
const fill = (unit: string): string => unit.repeat(Math.floor(LIMIT / unit.length));

export const HOSTILE_MANIFESTS: Record<string, () => string> = {
  anchors: () => fill('&a '),
  'unique keys (24k)': () =>
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n' + Array.from({ length: 24_000 }, (_, i) => `    k${i}: v`).join('\n').slice(0, LIMIT - 80),
  'duplicate keys': () => fill('a: 1\n'),
  'flow nesting': () => fill('['),
  'block nesting': () => fill('- ') + 'x',
  'stray tokens': () => fill('}\n'),
  quotes: () => fill('"'),
  tabs: () => fill('\t- a\n'),
  'one long line': () => 'x'.repeat(LIMIT - 4) + ': [',
  'compact mappings': () => fill(': '),
};
