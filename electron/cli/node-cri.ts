// podlab node on a CRI runtime: crictl's two tables (`crictl pods`, `crictl ps -a`) in crictl's columns, each row
// beside what it is in podlab's model — no cri-dockerd k8s_ names, which a CRI runtime never shows.
import { modelRefText, type NodeListing, type NodeRow } from '../../shared/node';

function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 60 ? `${s} seconds ago` : s < 3600 ? `${Math.floor(s / 60)} minutes ago` : `${Math.floor(s / 3600)} hours ago`;
}

/** Columns padded to their widest cell, as crictl prints them. */
export function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ').trimEnd());
}

export function criTables(l: NodeListing, now = Date.now()): string[] {
  const pods: string[][] = [['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', "IN PODLAB'S MODEL"]];
  const ctrs: string[][] = [['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', "IN PODLAB'S MODEL"]];
  const attempt = (r: NodeRow): string => String(r.cri?.attempt ?? 0);
  for (const r of l.rows) {
    if (r.kind === 'sandbox') pods.push([r.id, ago(r.created, now), r.status, r.name, r.cri?.namespace ?? '', attempt(r), modelRefText(r.model)]);
    else ctrs.push([r.id, r.image, ago(r.created, now), r.status, r.name, attempt(r), r.podId ?? '', r.cri?.pod ?? '', modelRefText(r.model)]);
  }
  return ['$ crictl pods', ...columns(pods), '', '$ crictl ps -a', ...columns(ctrs)];
}
