// podlab's full set of marks (electron/engine/pods/guard.ts): labels for pod, role, uid, attempt (and container on
// apps) plus the cri-dockerd name they give. Anything less is not podlab's to touch.
import { describe, expect, it } from 'vitest';
import { hasPodlabMarks } from '../../electron/engine/pods/guard';

const uid = '0b4e5c1a-2f6d-4e8b-9a7c-3d2e1f0a9b8c';
const sandbox = { 'io.podlab.pod': 'web', 'io.podlab.role': 'sandbox', 'io.podlab.uid': uid, 'io.podlab.attempt': '1' };
const app = { 'io.podlab.pod': 'web', 'io.podlab.role': 'app', 'io.podlab.container': 'httpd', 'io.podlab.uid': uid, 'io.podlab.attempt': '0' };

describe('hasPodlabMarks', () => {
  it('accepts the containers podlab makes, with or without the leading slash', () => {
    expect(hasPodlabMarks(sandbox, `/k8s_POD_web_default_${uid}_1`)).toBe(true);
    expect(hasPodlabMarks(app, `k8s_httpd_web_default_${uid}_0`)).toBe(true);
  });

  it('accepts a container from before the attempt label: its attempt is its name\'s suffix', () => {
    const { 'io.podlab.attempt': _attempt, ...older } = sandbox;
    expect(hasPodlabMarks(older, `k8s_POD_web_default_${uid}_1`)).toBe(true);
    expect(hasPodlabMarks(older, `k8s_POD_web_default_${uid}_x`)).toBe(false);
  });

  it.each([
    ['a forged pod label alone', { 'io.podlab.pod': 'web', 'io.podlab.role': 'app' }, `k8s_httpd_web_default_${uid}_0`],
    ['full labels on a container with another name', app, 'my-database'],
    ['a name of another pod', app, `k8s_httpd_other_default_${uid}_0`],
    ['a name of another attempt', app, `k8s_httpd_web_default_${uid}_1`],
    ['an app without its container label', { ...app, 'io.podlab.container': '' }, `k8s__web_default_${uid}_0`],
    ['a non-numeric attempt', { ...sandbox, 'io.podlab.attempt': 'x' }, `k8s_POD_web_default_${uid}_x`],
    ['an unknown role', { ...sandbox, 'io.podlab.role': 'db' }, `k8s_POD_web_default_${uid}_1`],
    ['no name', sandbox, undefined],
  ])('refuses %s', (_what, labels, name) => {
    expect(hasPodlabMarks(labels, name)).toBe(false);
  });
});
