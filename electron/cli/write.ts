// Writes export files atomically (temp file in the same folder, then link/rename), so a reader never sees half a
// file, and refuses to replace an existing file unless asked (`--force`).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class FileExistsError extends Error {
  override name = 'FileExistsError';
  constructor(readonly path: string) {
    super(`${path} already exists; not overwriting it. Choose another name or add --force to replace it.`);
  }
}

function isErrno(err: unknown, ...codes: string[]): boolean {
  return err instanceof Error && codes.includes((err as NodeJS.ErrnoException).code ?? '');
}

/** Writes `data` to `path` atomically; without `force`, throws FileExistsError when `path` exists. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: { force?: boolean } = {}): Promise<void> {
  if (!opts.force && existsSync(path)) throw new FileExistsError(path);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    if (opts.force) {
      await rename(tmp, path);
      return;
    }
    try {
      // link() fails with EEXIST if someone created `path` meanwhile: no check-then-write race.
      await link(tmp, path);
    } catch (err) {
      if (isErrno(err, 'EEXIST')) throw new FileExistsError(path);
      if (!isErrno(err, 'EPERM', 'ENOTSUP', 'EXDEV', 'ENOSYS')) throw err;
      // File systems without hard links: best effort.
      if (existsSync(path)) throw new FileExistsError(path);
      await rename(tmp, path);
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
