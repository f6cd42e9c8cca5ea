// Port rules of the API server: duplicate hostPort in one pod is an error, duplicate containerPort only a warning
// (same keys and wording as Kubernetes' AccumulateUniqueHostPorts and pkg/api/pod/warnings.go).
import type { ContainerPortSpec, ContainerSpec, ManifestIssue } from './types';

const upper = (p: ContainerPortSpec): string => p.protocol.toUpperCase();

/** `spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"` for each repeated protocol/hostIP/hostPort. */
export function duplicateHostPorts(containers: ContainerSpec[]): ManifestIssue[] {
  const seen = new Set<string>();
  const errors: ManifestIssue[] = [];
  containers.forEach((c, ci) =>
    c.ports.forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${upper(p)}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) {
        errors.push({
          path: `spec.containers[${ci}].ports[${pi}].hostPort`,
          message: `Duplicate value: "${key}" — two ports of one pod cannot publish the same hostPort; pick another hostPort`,
        });
      }
      seen.add(key);
    }),
  );
  return errors;
}

/** The API server's warnings for repeated containerPort/protocol pairs, plus "hostIP set without hostPort". */
export function collectPortWarnings(containers: ContainerSpec[]): string[] {
  const warnings: string[] = [];
  const all = new Map<string, { field: string; port: ContainerPortSpec }[]>();
  containers.forEach((c, ci) =>
    c.ports.forEach((port, pi) => {
      const field = `spec.containers[${ci}].ports[${pi}]`;
      if (port.hostIP && !port.hostPort) warnings.push(`${field}: hostIP set without hostPort`);
      const key = `${port.containerPort}/${upper(port)}`;
      const others = all.get(key) ?? [];
      for (const other of others) {
        const hp = port.hostPort ?? 0;
        const ohp = other.port.hostPort ?? 0;
        const ip = port.hostIP ?? '';
        const oip = other.port.hostIP ?? '';
        if (ip === oip && hp === ohp) warnings.push(`${field}: duplicate port definition with ${other.field}`);
        else if (hp === 0 || ohp === 0) warnings.push(`${field}: overlapping port definition with ${other.field}`);
        else if (hp === ohp && (ip === '') !== (oip === '')) warnings.push(`${field}: dangerously ambiguous port definition with ${other.field}`);
      }
      others.push({ field, port });
      all.set(key, others);
    }),
  );
  return warnings;
}
