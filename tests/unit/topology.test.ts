// The topology SVG: well-formed, shows what the engine reports, never states health by colour alone, scales to 30 pods.
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderTopologySvg } from '../../shared/render/topology';
import { containerHealth, layoutTopology, listeningChips, wrapText } from '../../shared/render/topology-layout';
import { conflictPod, sampleModel, samplePod } from './topology.fixture';

describe('renderTopologySvg', () => {
  it('draws host, docker0, veth, eth0 IP/MAC, netns, pause and app containers with port chips', () => {
    const svg = renderTopologySvg(sampleModel([samplePod(3, 'h4-web')]));
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('docker0');
    expect(svg).toContain('172.17.0.1');
    expect(svg).toContain('vetha1b2c6');
    expect(svg).toContain('eth0  172.17.0.5  02:42:ac:11:00:05');
    expect(svg).toContain('net:[4026532003]');
    expect(svg).toContain('pause (sandbox)');
    expect(svg).toMatch(/data-container="web"[^>]*data-state="ok"/);
    expect(svg).toContain('data-port="80/tcp"');
    expect(svg).not.toMatch(/<style|@import|url\(/);
  });

  it('marks a failed container with words and a reason, not colour alone, and prints the conflict sentence', () => {
    const svg = renderTopologySvg(sampleModel([conflictPod()]));
    expect(svg).toMatch(/data-container="web-2"[^>]*data-state="failed"/);
    expect(svg).toContain('FAILED · exited (1) · CrashLoopBackOff');
    const lines = [...svg.matchAll(/data-conflict="1">([^<]*)</g)].map((m) => m[1]).join(' ');
    expect(lines).toContain('port 80/tcp is already in use');
    expect(lines).not.toContain('……');
    expect(svg).toContain('0.0.0.0:8080 → h4-conflict:80/tcp');
  });

  it('draws a hostPort of a pod whose sandbox does not run as not bound, and a missing veth as such', () => {
    const pod = conflictPod();
    pod.sandbox = pod.sandbox ? { ...pod.sandbox, state: 'created' } : null;
    pod.hostVeth = null;
    const svg = renderTopologySvg(sampleModel([pod]));
    expect(svg).toContain('data-bound="false"');
    expect(svg).toContain('✕ 0.0.0.0:8080 → h4-conflict:80/tcp (not bound)');
    expect(svg).toContain('no veth (sandbox not running)');
    expect(renderTopologySvg(sampleModel([conflictPod()]))).toContain('data-bound="true"');
  });

  it('escapes names and adds keyboard focus only when interactive', () => {
    const pod = samplePod(1, 'a<b>&"c');
    const plain = renderTopologySvg(sampleModel([pod]));
    expect(XMLValidator.validate(plain)).toBe(true);
    expect(plain).not.toContain('tabindex');
    const ui = renderTopologySvg(sampleModel([pod]), { interactive: true, labels: { pod: '파드' } });
    expect(ui).toContain('tabindex="0"');
    expect(ui).toContain('aria-label="파드 a&lt;b&gt;&amp;&quot;c, Running');
  });

  it('lays 30 pods out in a wrapping grid without overlaps, every pod drawn', () => {
    const model = sampleModel(Array.from({ length: 30 }, (_, i) => samplePod(i)));
    const lay = layoutTopology(model, 1200);
    expect(lay.columns).toBe(3);
    expect(lay.bridges).toHaveLength(10);
    for (const a of lay.pods) {
      expect(a.x + a.width).toBeLessThanOrEqual(lay.width);
      expect(a.y + a.height).toBeLessThanOrEqual(lay.height);
      for (const b of lay.pods) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
    const svg = renderTopologySvg(model);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(svg) as unknown;
    expect(doc).toBeTruthy();
    expect(svg.match(/data-phase="Running"/g)).toHaveLength(30);
  });

  it('shows an empty-state line with no pods', () => {
    expect(renderTopologySvg(sampleModel([]), { labels: { noPods: 'nothing here' } })).toContain('nothing here');
  });
});

describe('topology helpers', () => {
  it('classifies container health', () => {
    expect(containerHealth({ state: 'running', exitCode: null, reason: null })).toBe('ok');
    expect(containerHealth({ state: 'exited', exitCode: 137, reason: null })).toBe('failed');
    expect(containerHealth({ state: 'exited', exitCode: 0, reason: 'Completed' })).toBe('stopped');
    expect(containerHealth({ state: 'running', exitCode: null, reason: 'CrashLoopBackOff' })).toBe('failed');
    expect(containerHealth({ state: 'created', exitCode: null, reason: null })).toBe('waiting');
  });
  it('dedupes tcp and tcp6 listeners into one chip per container', () => {
    const chips = listeningChips(
      [
        { protocol: 'tcp6', address: '::', port: 80, container: 'a', pid: 1, process: 'httpd' },
        { protocol: 'tcp', address: '0.0.0.0', port: 80, container: 'a', pid: 1, process: 'httpd' },
        { protocol: 'udp', address: '0.0.0.0', port: 53, container: 'a', pid: 1, process: 'x' },
        { protocol: 'tcp', address: '0.0.0.0', port: 9, container: 'b', pid: 1, process: 'x' },
      ],
      'a',
    );
    expect(chips.map((c) => c.text)).toEqual(['53/udp', '80/tcp']);
  });
  it('sorts pods by name so the drawing does not reshuffle', () => {
    const lay = layoutTopology(sampleModel([samplePod(1, 'b'), samplePod(2, 'a')]));
    expect(lay.pods.map((p) => p.pod.name)).toEqual(['a', 'b']);
  });
  it('wraps and truncates text, counting Hangul as wide', () => {
    expect(wrapText('one two three four', 9, 5)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('one two three four', 9, 1)[0]?.endsWith('…')).toBe(true);
    expect(wrapText('가나다라마바', 6, 2)[0]?.endsWith('…')).toBe(true);
  });
});

describe('ephemeral (debug) containers', () => {
  const withDebug = (): ReturnType<typeof samplePod> => {
    const pod = samplePod(3, 'h11b-web');
    pod.ephemeralContainers = [
      { name: 'debugger-ab12c', id: 'e1', image: 'busybox', state: 'running', target: 'web' },
      { name: 'debugger-old', id: 'e2', image: 'busybox', state: 'exited', exitCode: 0, target: null },
    ];
    return pod;
  };

  it('draws each as a dashed row inside the netns box, tagged ephemeral, its target named, greyed once exited', () => {
    const svg = renderTopologySvg(sampleModel([withDebug()]));
    expect(XMLValidator.validate(svg)).toBe(true);
    const running = svg.match(/<g data-pod="h11b-web" data-ephemeral="debugger-ab12c"[^>]*>[\s\S]*?<\/g>/)?.[0] ?? '';
    expect(running).toContain('data-role="ephemeral"');
    expect(running).toContain('data-target="web"');
    expect(running).toContain('stroke-dasharray');
    expect(running).toContain('data-tag="ephemeral">ephemeral<');
    expect(running).toContain('OK · running · target web');
    expect(running).not.toContain('opacity');
    const exited = svg.match(/<g data-pod="h11b-web" data-ephemeral="debugger-old"[^>]*>/)?.[0] ?? '';
    expect(exited).toContain('opacity="0.55"');
    expect(exited).toContain('data-state="stopped"');
    // Labels come from the UI's language.
    const ko = renderTopologySvg(sampleModel([withDebug()]), { labels: { ephemeral: '임시', target: '대상' } });
    expect(ko).toContain('data-tag="ephemeral">임시<');
    expect(ko).toContain('running · 대상 web');
  });

  it('the selected one is outlined in the selection colour and, in the app, focusable like the other rows', () => {
    const rowRect = (svg: string, name: string): string => svg.match(new RegExp(`<g data-pod="h11b-web" data-ephemeral="${name}"[^>]*>\\s*<rect[^>]*>`))?.[0] ?? '';
    const svg = renderTopologySvg(sampleModel([withDebug()]), { interactive: true, selected: { pod: 'h11b-web', container: 'debugger-ab12c' } });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(rowRect(svg, 'debugger-ab12c')).toMatch(/stroke="#e08a00" stroke-width="2\.5"/);
    expect(rowRect(svg, 'debugger-ab12c')).toMatch(/tabindex="0" role="button" aria-label="ephemeral debugger-ab12c: OK · running · target web"/);
    expect(rowRect(svg, 'debugger-old')).toMatch(/stroke="#6b7785" stroke-width="1\.2"/);
    // The pod itself is not selected then, and without `interactive` (an export) nothing is focusable.
    expect(svg).not.toMatch(/<g data-pod="h11b-web" data-phase[^>]*>\s*<rect[^>]*stroke="#e08a00"/);
    expect(rowRect(renderTopologySvg(sampleModel([withDebug()])), 'debugger-ab12c')).not.toContain('tabindex');
  });

  it('grows the pod box by one row each, and every row stays inside it', () => {
    const plain = layoutTopology(sampleModel([samplePod(3, 'h11b-web')])).pods[0];
    const pod = withDebug();
    const box = layoutTopology(sampleModel([pod])).pods[0];
    expect(box.height - plain.height).toBe(2 * 44);
    const svg = renderTopologySvg(sampleModel([pod]));
    const rowYs = [...svg.matchAll(/data-ephemeral="[^"]+"[^>]*>\s*<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)].map((m) => Number(m[1]) + Number(m[2]));
    expect(rowYs).toHaveLength(2);
    for (const bottom of rowYs) expect(bottom).toBeLessThanOrEqual(box.y + box.height);
  });
});
