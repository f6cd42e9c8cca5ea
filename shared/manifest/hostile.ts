// Manifests just under the 256 KiB limit: hostile ones, each aimed at a path that once was quadratic, recursive or
// simply long in the YAML parser, and large valid ones. Shared by the unit tests (hostile ones are refused, large
// ones accepted) and `npm run bench` (bench/manifest.bench.mjs times each against ORDINARY_MANIFEST).

const LIMIT = 256 * 1024 - 64;
const fill = (unit: string, head = '', tail = ''): string => head + unit.repeat(Math.floor((LIMIT - head.length - tail.length) / unit.length)) + tail;
const pod = (metadata = ''): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n${metadata}spec:\n  containers:\n    - name: web\n      image: busybox\n`;
const annotation = (value: string): string => pod(`  annotations:\n    note: ${value}\n`);
const body = (unit: string, overhead = 400): number => Math.floor((LIMIT - overhead) / unit.length);

/**
 * The baseline: a valid Pod of the limit's size at the densest token rate of the kubernetes.io Pod examples
 * (~0.46 tokens per byte): one container with a long env list, every entry an ordinary name/value pair.
 */
export function ORDINARY_MANIFEST(): string {
  const head = pod().replace('image: busybox\n', 'image: busybox\n      env:\n');
  const entries: string[] = [];
  let size = head.length;
  for (let i = 0; size < LIMIT - 64; i++) {
    const e = `        - name: SETTING_${i}\n          value: "value-${i}"\n`;
    entries.push(e);
    size += e.length;
  }
  return head + entries.join('');
}

export const HOSTILE_MANIFESTS: Record<string, () => string> = {
  anchors: () => fill('&a '),
  'unique keys (24k)': () =>
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n' + Array.from({ length: 24_000 }, (_, i) => `    k${i}: v`).join('\n').slice(0, LIMIT - 80),
  'duplicate keys': () => fill('a: 1\n'),
  'duplicate keys, nested': () => fill('    a: 1\n', 'metadata:\n  labels:\n'),
  'duplicate keys, flow map': () => fill('a: 1, ', '{', '}'),
  aliases: () => fill('  - *a\n', 'x: &a y\nl:\n'),
  'alias keys': () => fill('*a : 1\n', '&a k: 1\n'),
  'flow nesting': () => fill('['),
  'block nesting': () => fill('- ') + 'x',
  'compact mappings': () => fill(': '),
  'nesting 60 deep, repeated': () => fill('['.repeat(60) + ']'.repeat(60) + ',\n', '[', ']'),
  'stray tokens': () => fill('}\n'),
  quotes: () => fill('"'),
  tabs: () => fill('\t- a\n'),
  'one long line': () => 'x'.repeat(LIMIT - 4) + ': [',
  'one long flow sequence': () => fill('a,', '[', ']'),
  'many documents': () => fill('---\n'),
  'many Pod documents': () => fill('---\n' + pod()),
  'unknown tags': () => fill('  - !x a\n', 'l:\n'),
  comments: () => fill('#\n'),
};

/** Large and valid: each is accepted, within the same time bound as the hostile ones. */
export const LARGE_MANIFESTS: Record<string, () => string> = {
  'long plain string': () => annotation('x'.repeat(LIMIT - 200)),
  'long string of escapes': () => annotation(`"${'\\"'.repeat(body('\\"'))}"`),
  'long folded double-quoted string': () => annotation(`"${'ab\n      '.repeat(body('ab\n      '))}"`),
  'long folded single-quoted string': () => annotation(`'${"a''\n      ".repeat(body("a''\n      "))}'`),
  'long block scalar': () => pod(`  annotations:\n    note: |\n${'      line\n'.repeat(body('      line\n'))}`),
  'long folded block scalar': () => pod(`  annotations:\n    note: >\n${'      l\n\n'.repeat(body('      l\n\n'))}`),
};
