// securityContext at pod and container level: what maps onto the engine (user, groups, capabilities, read-only root,
// no-new-privileges, seccomp/AppArmor), what is refused (privileged), and what only warns.
import type { SecurityContextSpec } from './types';
import { bool, int, isObj, list, obj, oneOf, onlyFields, str, strList, type Ctx } from './fields';
import { notSupported } from './validate';

const CONTAINER_ONLY = ['capabilities', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'privileged', 'procMount', 'cgroupOptions'];
const POD_ONLY = ['fsGroup', 'fsGroupChangePolicy', 'supplementalGroups', 'supplementalGroupsPolicy', 'sysctls', 'seLinuxChangePolicy'];
const BOTH = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seccompProfile', 'appArmorProfile', 'seLinuxOptions', 'windowsOptions'];

function profile(ctx: Ctx, v: unknown, path: string): SecurityContextSpec['seccompProfile'] {
  const o = obj(ctx, v, path, '{type: RuntimeDefault}');
  if (!o) return undefined;
  onlyFields(ctx, o, path, ['type', 'localhostProfile']);
  const type = oneOf(ctx, o.type, `${path}.type`, ['RuntimeDefault', 'Unconfined', 'Localhost']);
  const localhostProfile = str(ctx, o.localhostProfile, `${path}.localhostProfile`);
  if (type === 'Localhost' && !localhostProfile) ctx.errors.push({ path: `${path}.localhostProfile`, message: 'Required value: must be set when type is Localhost' });
  if (type === 'Localhost') {
    ctx.warnings.push(`${path}: the Localhost profile "${localhostProfile ?? ''}" is a file on a cluster node; podlab runs the engine's default profile (RuntimeDefault) instead`);
  }
  return type ? { type, ...(localhostProfile ? { localhostProfile } : {}) } : undefined;
}

/** `pod`: spec.securityContext (PodSecurityContext), else a container's SecurityContext. */
export function parseSecurityContext(ctx: Ctx, v: unknown, path: string, pod: boolean): SecurityContextSpec | undefined {
  const o = obj(ctx, v, path, '{runAsUser: 1000}');
  if (!o) return undefined;
  onlyFields(ctx, o, path, [...BOTH, ...(pod ? POD_ONLY : CONTAINER_ONLY)]);
  const out: SecurityContextSpec = {};
  for (const k of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    const n = int(ctx, o[k], `${path}.${k}`, 0, 2 ** 31 - 1);
    if (n !== undefined) out[k] = n;
  }
  for (const k of ['runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation'] as const) {
    const b = bool(ctx, o[k], `${path}.${k}`);
    if (b !== undefined) out[k] = b;
  }
  if (out.runAsNonRoot && out.runAsUser === 0) ctx.errors.push({ path: `${path}.runAsNonRoot`, message: 'Invalid value: true: runAsUser is 0 (root) but runAsNonRoot is true' });
  if (bool(ctx, o.privileged, `${path}.privileged`)) {
    ctx.errors.push(notSupported(`${path}.privileged`, 'a privileged container gets every capability and the host\'s devices; podlab runs lessons on your own machine and does not run it (remove the field or add only the capabilities you need)'));
  }
  if (o.procMount !== undefined && o.procMount !== 'Default') ctx.errors.push(notSupported(`${path}.procMount`, 'an Unmasked /proc exposes the host\'s kernel settings; podlab keeps the Default'));
  const caps = obj(ctx, o.capabilities, `${path}.capabilities`, '{add: [NET_ADMIN], drop: [ALL]}');
  if (caps) {
    onlyFields(ctx, caps, `${path}.capabilities`, ['add', 'drop']);
    const add = strList(ctx, caps.add, `${path}.capabilities.add`);
    const drop = strList(ctx, caps.drop, `${path}.capabilities.drop`);
    out.capabilities = { ...(add ? { add } : {}), ...(drop ? { drop } : {}) };
    if (add?.some((c) => /^(CAP_)?(SYS_ADMIN|ALL)$/.test(c))) ctx.warnings.push(`${path}.capabilities.add: ${add.join(', ')} gives the container near-root power over this machine; podlab adds it as asked — be sure`);
  }
  for (const k of ['seccompProfile', 'appArmorProfile'] as const) {
    const p = profile(ctx, o[k], `${path}.${k}`);
    if (p) out[k] = p;
  }
  const groups = list(ctx, o.supplementalGroups, `${path}.supplementalGroups`, '[4000]', (g, p) => int(ctx, g, p, 0) ?? null);
  if (groups?.length) out.supplementalGroups = groups;
  const sysctls = list(ctx, o.sysctls, `${path}.sysctls`, '[{name: net.ipv4.ip_local_port_range, value: "32768 60999"}]', (s, p) => {
    if (!isObj(s)) return null;
    onlyFields(ctx, s, p, ['name', 'value']);
    const name = str(ctx, s.name, `${p}.name`);
    const value = str(ctx, s.value, `${p}.value`);
    return name && value !== undefined ? { name, value } : null;
  });
  if (sysctls?.length) out.sysctls = sysctls;
  for (const k of ['seLinuxOptions', 'windowsOptions', 'fsGroupChangePolicy', 'supplementalGroupsPolicy', 'seLinuxChangePolicy', 'cgroupOptions'] as const) {
    if (o[k] === undefined) continue;
    (out.other ??= {})[k] = o[k];
    const why =
      k === 'windowsOptions' ? 'applies on Windows nodes only; podlab runs Linux containers' :
      k === 'seLinuxOptions' || k === 'seLinuxChangePolicy' ? 'SELinux labels are set by the node\'s runtime when SELinux is enforcing; podlab leaves the engine\'s default label' :
      k === 'supplementalGroupsPolicy' ? 'Strict keeps the image\'s /etc/group out of the groups; the engine here always merges them (Merge)' :
      k === 'cgroupOptions' ? 'alpha: a kubelet would mount the container\'s cgroup file system as asked; the engine here mounts it read-only' :
      'podlab chowns fresh volumes once, which is what OnRootMismatch and Always both do for an empty volume';
    ctx.warnings.push(`${path}.${k}: ${why}`);
  }
  return out;
}
