// Reads the tail of a container's log and splits Docker's multiplexed stream (8-byte frame headers) into lines.
import type Docker from 'dockerode';

/** Splits a log buffer into text: multiplexed frames when it starts with a valid header, raw (TTY) otherwise. */
export function demultiplex(buf: Buffer): string {
  const parts: string[] = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    const stream = buf[off]!;
    const size = buf.readUInt32BE(off + 4);
    if (stream > 2 || buf[off + 1] !== 0 || buf[off + 2] !== 0 || buf[off + 3] !== 0 || off + 8 + size > buf.length) {
      return off === 0 ? buf.toString('utf8') : parts.join('') + buf.subarray(off).toString('utf8');
    }
    parts.push(buf.subarray(off + 8, off + 8 + size).toString('utf8'));
    off += 8 + size;
  }
  return parts.join('');
}

/** The last `tail` lines of stdout and stderr (interleaved as written); [] when the log cannot be read. */
export async function readLogTail(docker: Docker, id: string, tail = 40): Promise<string[]> {
  try {
    const out: unknown = await docker.getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false });
    const buf = Buffer.isBuffer(out) ? out : Buffer.from(String(out));
    return demultiplex(buf)
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
}
