// The direct probe reads kernel files with one read() per 64 KiB chunk, stopping at the first short read (see
// direct.ts): every size must still come back whole, and a missing file is null.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelText } from '../../electron/engine/probe/direct';

const dir = mkdtempSync(join(tmpdir(), 'podlab-probe-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kernelText', () => {
  it.each([0, 1, 65535, 65536, 65537, 3 * 65536, 200_001])('returns all %i bytes', (size) => {
    const body = Array.from({ length: size }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const file = join(dir, `f${size}`);
    writeFileSync(file, body);
    expect(kernelText(file)).toBe(body);
  });

  it('is null for a file that is not there', () => {
    expect(kernelText(join(dir, 'missing'))).toBeNull();
  });

  it.runIf(process.platform === 'linux')('reads a /proc socket table whole (a short read ends it)', () => {
    const text = kernelText('/proc/self/net/tcp');
    expect(text).not.toBeNull();
    expect(text!.split('\n')[0]).toMatch(/^\s*sl\s+local_address\s+rem_address/);
    expect(text!.endsWith('\n')).toBe(true);
  });
});
