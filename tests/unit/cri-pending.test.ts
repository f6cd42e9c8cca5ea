// A Pending pod's record on a CRI runtime: on the node's network with no port mappings, marked with why it waits,
// and carrying the real sandbox's config back unchanged (any podlab process can start the pod from it later).
import { describe, expect, it } from 'vitest';
import type { PodSandboxConfig } from '../../electron/engine/cri/types';
import { LABEL_PENDING, pendingPorts, pendingRecord, pendingRecordConfig } from '../../electron/engine/runtime/cri/pending';

const real: PodSandboxConfig = {
  metadata: { name: 'c2-hp', uid: 'u-1', namespace: 'default', attempt: 0 },
  hostname: 'c2-hp',
  logDirectory: '/var/log/pods/default_c2-hp_u-1',
  portMappings: [{ protocol: 'TCP', containerPort: 80, hostPort: 8080, hostIp: '127.0.0.1' }, { protocol: 'UDP', containerPort: 53, hostPort: 5353, hostIp: '' }],
  labels: { 'io.podlab.pod': 'c2-hp', 'io.podlab.role': 'sandbox' },
  annotations: {},
  linux: { securityContext: { namespaceOptions: { network: 'POD', ipc: 'POD', pid: 'CONTAINER' } } },
};
const reason = 'Bind for 127.0.0.1:8080 failed: port is already allocated (hostPort 8080/tcp of pod c2-first)';

describe('a Pending pod\'s record on a CRI runtime', () => {
  it('runs on the node\'s network without ports or hostname, keeps podlab\'s labels and says why', () => {
    const rec = pendingRecordConfig(real, reason);
    expect(rec.portMappings).toEqual([]);
    expect(rec.hostname).toBe('');
    expect(rec.linux.securityContext.namespaceOptions).toEqual({ network: 'NODE', ipc: 'POD', pid: 'CONTAINER' });
    expect(rec.labels).toMatchObject({ 'io.podlab.pod': 'c2-hp', [LABEL_PENDING]: reason });
    expect(rec.metadata).toEqual(real.metadata);
  });

  it('gives the real config back from its labels, and the hostPorts it waits for', () => {
    const back = pendingRecord(pendingRecordConfig(real, reason).labels);
    expect(back?.reason).toBe(reason);
    expect(back?.config).toEqual(real);
    expect(pendingPorts(back!.config)).toEqual([
      { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 5353, containerPort: 53, protocol: 'udp' },
    ]);
  });

  it('is nothing for any other sandbox, or for a record whose config label is damaged', () => {
    expect(pendingRecord(real.labels)).toBeNull();
    expect(pendingRecord({ ...real.labels, [LABEL_PENDING]: reason, 'io.podlab.pending-config': '{' })).toBeNull();
  });
});
