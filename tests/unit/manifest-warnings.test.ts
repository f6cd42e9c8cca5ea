// podlab's pre-flight predictions join the API server's warnings: worded as podlab's, read from commands and declared
// ports, and never repeating a pair the API server's own duplicate-port warning already names.
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../shared/manifest/parse';
import { isPrediction, manifestWarnings, predictionWarnings } from '../../shared/manifest/warnings';
import { TEMPLATE_ORDER, templateManifest } from '../../electron/engine/templates';

function warningsOf(yaml: string): string[] {
  const r = parseManifest(yaml);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return manifestWarnings(r.pod, r.warnings);
}

const pod = (containers: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${containers}`;

describe('manifest warnings with predictions', () => {
  it('templates: only port-conflict gets a prediction, after the API server warning and from the commands', async () => {
    const out: Record<string, string[]> = {};
    for (const name of TEMPLATE_ORDER) out[name] = warningsOf((await templateManifest(name)) ?? '');
    expect(out['port-conflict']).toEqual([
      'spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]',
      'podlab predicts: web-2 and web will both listen on 80/tcp (from their commands) — the second will fail with "Address already in use" (they share one network namespace)',
    ]);
    for (const name of TEMPLATE_ORDER.filter((n) => n !== 'port-conflict')) expect(out[name], name).toEqual([]);
  });

  it('declared-only duplicates stay the API server\'s warning alone; a clash it does not warn about is predicted', () => {
    const declaredDup = warningsOf(pod('  - {name: a, image: busybox, ports: [{containerPort: 80}]}\n  - {name: b, image: busybox, ports: [{containerPort: 80}]}\n'));
    expect(declaredDup).toEqual(['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]']);
    // Different hostPorts: the API server is silent, yet both processes want 80/tcp in one namespace.
    const hostPorts = warningsOf(
      pod('  - {name: a, image: busybox, ports: [{containerPort: 80, hostPort: 28080}]}\n  - {name: b, image: busybox, ports: [{containerPort: 80, hostPort: 28081}]}\n'),
    );
    expect(hostPorts).toEqual(['podlab predicts: b and a will both listen on 80/tcp (from their declared ports) — the second will fail with "Address already in use" (they share one network namespace)']);
  });

  it('reads commands: a mixed source is named; tcp vs udp (nc -lu) and distinct bind addresses do not clash', () => {
    const mixed = warningsOf(pod('  - {name: web, image: busybox, ports: [{containerPort: 8080}]}\n  - {name: two, image: busybox, command: [httpd, -f, -p, "8080"]}\n'));
    expect(mixed).toEqual(["podlab predicts: two and web will both listen on 8080/tcp (from two's command and web's declared port) — the second will fail with \"Address already in use\" (they share one network namespace)"]);
    expect(warningsOf(pod('  - {name: t, image: busybox, command: [httpd, -f, -p, "53"]}\n  - {name: u, image: busybox, command: [nc, -lu, -p, "53"]}\n'))).toEqual([]);
    expect(warningsOf(pod('  - {name: a, image: busybox, command: [httpd, -p, "127.0.0.1:80"]}\n  - {name: b, image: busybox, command: [httpd, -p, "127.0.0.2:80"]}\n'))).toEqual([]);
    const wildcard = warningsOf(pod('  - {name: a, image: busybox, command: [httpd, -p, "127.0.0.1:80"]}\n  - {name: b, image: busybox, args: [httpd, -p, "80"]}\n'));
    expect(wildcard).toHaveLength(1);
    expect(wildcard.every(isPrediction)).toBe(true);
  });

  it('predictionWarnings alone: one line per losing port', () => {
    const r = parseManifest(pod('  - {name: a, image: busybox, command: [httpd, -p, "80"]}\n  - {name: b, image: busybox, command: [httpd, -p, "80"]}\n  - {name: c, image: busybox, command: [httpd, -p, "80"]}\n'));
    if (!r.ok) throw new Error('invalid');
    const lines = predictionWarnings(r.pod, r.warnings);
    expect(lines.map((l) => l.slice(0, 'podlab predicts: b and a'.length))).toEqual(['podlab predicts: b and a', 'podlab predicts: c and a']);
  });
});
