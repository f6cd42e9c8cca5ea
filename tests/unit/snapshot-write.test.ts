// writeFileAtomic: never clobbers without force, replaces with it, leaves no temp files, and of two writers
// racing for a new name exactly one wins.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileExistsError, writeFileAtomic } from '../../electron/cli/write';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'h5-write-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a new file, refuses an existing one, replaces it with force', async () => {
    const f = join(dir, 'a.json');
    await writeFileAtomic(f, 'one');
    expect(await readFile(f, 'utf8')).toBe('one');
    await expect(writeFileAtomic(f, 'two')).rejects.toBeInstanceOf(FileExistsError);
    await expect(writeFileAtomic(f, 'two')).rejects.toThrow(/already exists.*--force/);
    expect(await readFile(f, 'utf8')).toBe('one');
    await writeFileAtomic(f, Buffer.from('three'), { force: true });
    expect(await readFile(f, 'utf8')).toBe('three');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('lets exactly one of two racing writers create the file', async () => {
    const f = join(dir, 'race.md');
    const results = await Promise.allSettled([writeFileAtomic(f, 'x'.repeat(100_000)), writeFileAtomic(f, 'y'.repeat(100_000))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const text = await readFile(f, 'utf8');
    expect(text === 'x'.repeat(100_000) || text === 'y'.repeat(100_000)).toBe(true);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with the system error when the folder does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'no-such-dir', 'a.json'), 'x')).rejects.toThrow(/ENOENT/);
  });
});
