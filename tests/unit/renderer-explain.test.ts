// Conflict explanations and pod reasons composed through the i18n layer: both languages fill every placeholder,
// keep the Kubernetes words (CrashLoopBackOff, Pending) as they are, and Korean really is Korean.
import { describe, expect, it } from 'vitest';
import type { Conflict, PodModel } from '../../shared/model';
import { explainConflict } from '../../shared/conflicts/explain';
import { containerMessage as containerMessageOf, podReason as podReasonOf } from '../../shared/i18n/facts';
import { msg, type Lang, type Message } from '../../shared/i18n/message';
import { renderTopologySvg } from '../../shared/render/topology';
import { conflictPod, sampleModel, samplePod } from './topology.fixture';

const EN: Lang = 'en';
const KO: Lang = 'ko';
// The model carries codes now: a pod's reason and a container's message are rendered from them, not parsed.
const podReason = (lang: Lang, why: Message | null): string | null => podReasonOf(lang, why ? { why: { reason: 'Error', message: why } } : null);
const containerMessage = (lang: Lang, why: Message | null | undefined): string | null => containerMessageOf(lang, why ? { why } : null);
const hangul = /[\uac00-\ud7af]/;

function hostPortConflict(holder: Conflict['holder'], hostIp = '0.0.0.0'): { c: Conflict; pod: PodModel } {
  const pod = samplePod(2, 'w2c-clash-2');
  pod.phase = 'Pending';
  const c: Conflict = { kind: 'host-port', protocol: 'tcp', port: 8080, hostIp, holder, victim: { pod: pod.name, container: null }, message: 'Pod w2c-clash-2 cannot start: …' };
  return { c, pod };
}

describe('conflict explanation in both languages', () => {
  it('pod-port: victim, exit code, port, netns and holder (process, pid) in English, like the engine says it', () => {
    const pod = conflictPod();
    const c = { ...pod.conflicts[0]!, holder: { pod: pod.name, container: 'web', process: 'httpd', pid: 2001 }, netns: 'net:[4026532001]' };
    const x = explainConflict(EN, c, pod);
    expect(x.text).toBe("web-2 exited (1): port 80/tcp is already in use in this pod's network namespace net:[4026532001] — held by container web (httpd, pid 2001).");
    expect(x.kubernetes).toMatch(/^CrashLoopBackOff/);
    expect(x.original).toBe(c.message);
  });

  it('pod-port in Korean: natural sentence with every field, CrashLoopBackOff kept', () => {
    const pod = conflictPod();
    const c = { ...pod.conflicts[0]!, holder: { pod: pod.name, container: 'web', process: 'httpd', pid: 2001 }, netns: 'net:[4026532001]' };
    const x = explainConflict(KO, c, pod);
    expect(x.text).toBe('web-2 종료됨(종료 코드 1): 이 파드의 네트워크 네임스페이스 net:[4026532001]에서 포트 80/tcp는 이미 사용 중입니다 — web 컨테이너(httpd, pid 2001)가 쓰고 있습니다.');
    expect(x.kubernetes).toContain('CrashLoopBackOff');
    expect(x.kubernetes).toMatch(hangul);
  });

  it('restartPolicy Never: Terminated (Error) instead of CrashLoopBackOff; a duplicate declared port adds the API warning', () => {
    const pod = conflictPod();
    pod.restartPolicy = 'Never';
    pod.containers.forEach((ct) => (ct.ports = [{ containerPort: 80, protocol: 'tcp' }]));
    for (const [tr, want] of [[EN, 'Terminated (Error)'], [KO, 'Terminated(Error)']] as const) {
      const k = explainConflict(tr, pod.conflicts[0]!, pod).kubernetes;
      expect(k).toContain(want);
      expect(k).toContain('duplicate port definition');
      expect(k).not.toContain('CrashLoopBackOff');
    }
  });

  it('host-port: names the holding pod, the host address, and Pending — in both languages', () => {
    const { c, pod } = hostPortConflict({ pod: 'w2c-clash-1', container: null, kind: 'container' }, '127.0.0.1');
    const e = explainConflict(EN, c, pod);
    expect(e.text).toBe('Pod w2c-clash-2 cannot start: hostPort 8080/tcp on 127.0.0.1 is already taken on this host — held by pod w2c-clash-1 (its sandbox publishes it).');
    expect(e.kubernetes).toContain('Pending');
    const k = explainConflict(KO, c, pod);
    expect(k.text).toBe('w2c-clash-2 파드를 시작할 수 없습니다: 이 호스트에서 hostPort 8080/tcp(127.0.0.1)는 이미 사용 중입니다 — w2c-clash-1 파드가 쓰고 있습니다(그 파드의 샌드박스가 게시함).');
    expect(k.kubernetes).toContain('Pending');
    expect(k.kubernetes).toMatch(hangul);
  });

  it('every holder variant and language leaves no placeholder unfilled', () => {
    const holders: Conflict['holder'][] = [
      { pod: null, container: 'other', kind: 'container' },
      { pod: null, container: null, kind: 'host', process: 'nginx', pid: 77 },
      { pod: null, container: null, kind: 'host' },
      { pod: null, container: null, kind: 'unknown' },
    ];
    const pod = conflictPod();
    const podPort = [
      pod.conflicts[0]!,
      { ...pod.conflicts[0]!, holder: { pod: pod.name, container: null, process: 'httpd', pid: 9 }, netns: null, message: 'web-2 exited (1), most likely because…' },
      { ...pod.conflicts[0]!, holder: { pod: pod.name, container: null } },
    ];
    for (const tr of [EN, KO]) {
      const texts = [
        ...holders.map((h) => explainConflict(tr, hostPortConflict(h).c, hostPortConflict(h).pod)),
        ...podPort.map((c) => explainConflict(tr, c, pod)),
        explainConflict(tr, pod.conflicts[0]!, null),
      ].flatMap((x) => [x.text, x.kubernetes]);
      for (const s of texts) expect(s).not.toMatch(/\{\w+\}/);
      if (tr === KO) for (const s of texts) expect(s).toMatch(hangul);
    }
  });
});

describe('the drawing speaks the UI language', () => {
  it('renderTopologySvg draws the composed Korean sentence when given conflictText, the engine sentence otherwise', () => {
    const pod = conflictPod();
    const model = sampleModel([pod]);
    const ko = renderTopologySvg(model, { labels: { conflictText: (c, p) => explainConflict(KO, c, p).text } });
    expect(ko).toContain('종료됨(종료 코드 1)');
    expect(renderTopologySvg(model)).toContain('web-2 exited (1)');
  });
});

describe('pod reasons', () => {
  it('known reasons are translated, Kubernetes words kept, unknown text passed through', () => {
    const allocated = msg('pod.hostPortAllocatedTo', { port: '8080/tcp', pod: 'a' });
    expect(podReason(EN, allocated)).toBe('hostPort 8080/tcp is already allocated to pod a');
    expect(podReason(KO, allocated)).toBe('hostPort 8080/tcp는 이미 a 파드에 할당되어 있습니다');
    expect(podReason(KO, msg('pod.sandboxState', { state: 'created' }))).toBe('파드 샌드박스 상태: created');
    expect(podReason(KO, msg('pod.sandboxNotRunningChanged'))).toContain('SandboxChanged');
    expect(podReason(KO, msg('pod.kubernetesReason', { reason: 'ContainerCreating' }))).toBe('ContainerCreating');
    expect(podReason(KO, null)).toBeNull();
    const fixed = { 'pod.sandboxGone': 'the pod sandbox is gone', 'pod.containerError': 'a container exited with an error', 'pod.noContainers': 'no containers yet', 'pod.waitingRestart': 'containers are waiting to be restarted' } as const;
    for (const [code, r] of Object.entries(fixed) as [keyof typeof fixed, string][]) {
      expect(podReason(EN, msg(code))).toBe(r);
      expect(podReason(KO, msg(code))).toMatch(hangul);
    }
  });
});

describe('container messages', () => {
  const codes: Message[] = [
    msg('container.stranded', { container: 'web', kubernetes: msg('container.strandedSandboxChanged') }),
    msg('container.stranded', { container: 'web', kubernetes: msg('container.strandedNever') }),
    msg('container.strandedNetns', { old: 'net:[4026532001]', now: 'net:[4026532999]' }),
    msg('container.bindFailedUnknownPort', { container: 'web-2', code: 1, line: 'bind: Address already in use' }),
  ];
  const engine = [
    "web still runs, but its network namespace lost eth0 with the dead sandbox: only lo is left. In Kubernetes: SandboxChanged — the kubelet kills the pod's containers and re-creates the sandbox (podlab does the same while it runs live).",
    'web still runs, but its network namespace lost eth0 with the dead sandbox: only lo is left. With restartPolicy Never the kubelet does not re-create the sandbox.',
    "stranded in net:[4026532001], not the pod's net:[4026532999]: the sandbox was restarted (SandboxChanged)",
    'web-2 exited (1): its bind failed ("bind: Address already in use"), but podlab cannot tell which port.',
  ];
  it('English composes back to the engine sentence exactly; Korean translates it, keeping names and Kubernetes words', () => {
    for (const [i, m] of engine.entries()) {
      expect(containerMessage(EN, codes[i])).toBe(m);
      const k = containerMessage(KO, codes[i]) ?? '';
      expect(k).toMatch(hangul);
      expect(k).not.toMatch(/\{\w+\}/);
    }
    expect(containerMessage(KO, codes[0])).toContain('SandboxChanged');
    expect(containerMessage(KO, codes[3])).toContain('bind: Address already in use');
    expect(containerMessage(KO, msg('container.engineError', { text: 'OCI runtime create failed' }))).toBe('OCI runtime create failed');
    expect(containerMessage(KO, null)).toBeNull();
  });
});
