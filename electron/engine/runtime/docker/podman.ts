// Podman's differences from Docker's API that the Docker runtime bridges: its compat network list names no bridge
// interface (Podman's own libpod API does). (It also records no start error: see kubelet/pending.ts, conflicts/hostports.ts.)
import type Docker from 'dockerode';
import type { NetworkInspectInfo } from 'dockerode';

/** Docker's network option that names the Linux bridge; podlab fills it in for engines that do not. */
export const BRIDGE_NAME_OPTION = 'com.docker.network.bridge.name';

interface LibpodNetwork {
  id?: string;
  name?: string;
  network_interface?: string;
}

/** Whether the engine serves Podman's own API, remembered per client (Docker answers 404 once, then is not asked again). */
const hasLibpod = new WeakMap<Docker, boolean>();

/** GET /libpod/networks/json: Podman's own network list, with each bridge's interface (podman0, cni-podman0, podman1…). */
function libpodNetworks(docker: Docker): Promise<LibpodNetwork[] | null> {
  return new Promise((resolve) => {
    docker.modem.dial({ path: '/libpod/networks/json', method: 'GET', statusCodes: { 200: true }, options: {} }, (err, data) => {
      resolve(err || !Array.isArray(data) ? null : (data as LibpodNetwork[]));
    });
  });
}

/**
 * The bridge networks with the bridge's interface name in their options: Podman's compat API leaves the option out
 * (its default network is "bridge" there, but its interface is podman0 or cni-podman0, never docker0), so it is read
 * from Podman's own API. `engineName` '' (not asked) tries that API once per client.
 */
export async function withBridgeNames(docker: Docker, networks: NetworkInspectInfo[], engineName = ''): Promise<NetworkInspectInfo[]> {
  const unnamed = networks.some((n) => n.Driver === 'bridge' && !n.Options?.[BRIDGE_NAME_OPTION]);
  if (!unnamed || hasLibpod.get(docker) === false || (engineName !== '' && engineName !== 'Podman')) return networks;
  const libpod = await libpodNetworks(docker);
  hasLibpod.set(docker, libpod != null);
  if (!libpod) return networks;
  return networks.map((n) => {
    const own = libpod.find((l) => l.id === n.Id) ?? libpod.find((l) => l.name === n.Name);
    if (!own?.network_interface || n.Options?.[BRIDGE_NAME_OPTION]) return n;
    return { ...n, Options: { ...(n.Options ?? {}), [BRIDGE_NAME_OPTION]: own.network_interface } };
  });
}
