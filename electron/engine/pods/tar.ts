// A minimal ustar archive writer: the engine's archive API (PUT /containers/{id}/archive) is how podlab writes the
// files of configMap/secret/downwardAPI volumes into a pod's volumes without a shell in any container.

export interface TarEntry {
  path: string;
  /** File content; absent for a directory. */
  content?: Buffer;
  mode: number;
  uid?: number;
  gid?: number;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(e: TarEntry, mtime: number): Buffer {
  const h = Buffer.alloc(512);
  const isDir = e.content === undefined;
  const name = isDir && !e.path.endsWith('/') ? `${e.path}/` : e.path;
  if (Buffer.byteLength(name) > 100) {
    // ustar: a long path is split into prefix (155) and name (100) at a '/'.
    const cut = name.lastIndexOf('/', name.length - 2);
    h.write(name.slice(cut + 1), 0, 100);
    h.write(name.slice(0, cut), 345, 155);
  } else h.write(name, 0, 100);
  h.write(octal(e.mode & 0o7777, 8), 100);
  h.write(octal(e.uid ?? 0, 8), 108);
  h.write(octal(e.gid ?? 0, 8), 116);
  h.write(octal(isDir ? 0 : e.content!.length, 12), 124);
  h.write(octal(mtime, 12), 136);
  h.write('        ', 148);
  h.write(isDir ? '5' : '0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7), 148);
  return h;
}

/** The archive of `entries` (parents before children, as given). */
export function tarOf(entries: TarEntry[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e, mtime));
    if (e.content !== undefined) {
      parts.push(e.content);
      const pad = (512 - (e.content.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
