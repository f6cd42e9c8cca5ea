// The native dump's containers (probe/procdump.ts) as the direct probe's facts: a sandbox's netns, an app's namespace
// links, a container's processes. What the dump lacks for a container is read by the direct probe as before.
import type { DumpedContainer } from './procdump';
import { parseLinkRows, TCP_HEADER } from './sockdiag';
import { NETNS_FILES, type NetnsFacts, type ProcFacts } from './types';

/** A dumped sandbox's netns; null when the helper could not read its sockets or interfaces (setns refused). */
export function netnsFromDump(d: DumpedContainer | undefined): NetnsFacts | null {
  if (!d?.sandbox || d.texts.tcp === undefined || d.texts.links === undefined) return null;
  const facts: NetnsFacts = {
    pid: d.main,
    links: { net: d.ns.net ?? null, ipc: d.ns.ipc ?? null, uts: d.ns.uts ?? null, pid: d.ns.pid ?? null },
    ifaces: parseLinkRows(d.texts.links),
    files: {},
  };
  for (const f of NETNS_FILES) if (d.texts[f] !== undefined) facts.files[f] = d.texts[f];
  // As from sock_diag run on its own: a netns without IPv6 has no tcp6 table.
  facts.files.tcp = TCP_HEADER + d.texts.tcp;
  if (d.texts.tcp6 !== undefined) facts.files.tcp6 = TCP_HEADER + d.texts.tcp6;
  return facts;
}

/** A dumped container's processes, as the direct probe's processOf gives them; null when their sockets were not read. */
export function procsFromDump(d: DumpedContainer): ProcFacts[] | null {
  if (!d.socketsRead) return null;
  return d.procs.map((p) => ({ pid: p.pid, containerId: d.id, comm: p.comm.trim(), sockets: p.sockets }));
}
