// `podlab inspect`'s text: every kind of container the model has for a pod, in kubectl describe's order.
import { describe, expect, it } from 'vitest';
import { inspectText } from '../../electron/cli/podtext';
import { sampleModel, samplePod } from './topology.fixture';

const config = { probe: null, demoImage: 'busybox' };

describe('inspect text', () => {
  it('lists init, app and ephemeral (debug) containers, in that order', () => {
    const pod = samplePod(1, 'dbg');
    pod.initContainers = [{ name: 'setup', id: 'init0123456789', image: 'busybox', state: 'exited', exitCode: 0, restartCount: 0, reason: 'Completed', namespaces: { net: null } }];
    pod.ephemeralContainers = [
      { name: 'debugger-abcde', id: 'e0123456789abcdef', image: 'busybox', state: 'running', target: 'web', exitCode: null, namespaces: { net: 'net:[4026532001]' } },
      { name: 'debugger-fghij', id: 'e1123456789abcdef', image: 'busybox', state: 'exited', target: null, exitCode: 0 },
    ];
    const text = inspectText(pod, sampleModel([pod]), config);
    const at = (s: string): number => text.indexOf(s);
    expect(at('Init containers:')).toBeGreaterThan(-1);
    expect(at('Init containers:')).toBeLessThan(at('Containers:'));
    expect(at('Containers:')).toBeLessThan(at('Ephemeral containers:'));
    expect(text).toMatch(/^ {2}setup +exited exit 0 \(Completed\)/m);
    expect(text).toContain('  debugger-abcde running  busybox  target web  net:[4026532001]  e0123456789a');
    expect(text).toContain('  debugger-fghij exited exit 0  busybox  target -  e1123456789a');
  });

  it('says nothing of init or ephemeral containers a pod does not have', () => {
    const text = inspectText(samplePod(2), sampleModel([samplePod(2)]), config);
    expect(text).not.toContain('Init containers:');
    expect(text).not.toContain('Ephemeral containers:');
  });
});
