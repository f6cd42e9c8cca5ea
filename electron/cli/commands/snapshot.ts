// podlab snapshot [--pod N]... [--format json|md|svg|png] [-o FILE] [--force]: exports the model; stdout when no -o
// (PNG only to a file or a pipe), never overwrites a file without --force, writes atomically. Unknown pod: exit 2.
import type { PodlabConfig } from '../../engine/config';
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { version as PACKAGE_VERSION } from '../../../package.json';
import { focusSnapshot } from '../../../shared/snapshot/make';
import { EXIT_INVALID, EXIT_OK, UsageError } from '../command';
import { lastValue, parseFlags } from '../flags';
import { PodlabEngine } from '../../engine/engine';
import { isSnapshotFormat, renderSnapshot, SNAPSHOT_FORMATS, type SnapshotFormat } from '../../engine/formats';
import { UnknownPodError } from '../../engine/errors';
import { FileExistsError, writeFileAtomic } from '../write';
import { trace } from '../../engine/trace';

/** Recorded in every snapshot, so a bug report says which podlab wrote it. */
const PODLAB_VERSION = PACKAGE_VERSION;

const USAGE = 'usage: podlab snapshot [--pod N]... [--format json|md|svg|png] [-o FILE] [--force]';

interface SnapshotArgs {
  pods: string[];
  format: SnapshotFormat | null;
  output: string | null;
  force: boolean;
}

function parse(args: string[]): SnapshotArgs {
  const p = parseFlags(args, { bool: ['force'], value: ['pod', 'format', 'output'], short: { f: 'format', o: 'output' } });
  const stray = [...p.positional, ...p.rest][0];
  if (stray !== undefined) throw new UsageError(`unknown argument "${stray}"`);
  const f = lastValue(p, 'format') ?? null;
  if (f !== null && !isSnapshotFormat(f)) throw new UsageError(`unknown format "${f}"; choose one of ${SNAPSHOT_FORMATS.join(', ')}`);
  return { pods: p.values.get('pod') ?? [], format: f, output: lastValue(p, 'output') ?? null, force: p.bool.has('force') };
}

/** The format asked for, else the one the file name suggests, else JSON. */
function formatFor(a: SnapshotArgs): SnapshotFormat {
  if (a.format) return a.format;
  const ext = a.output ? extname(a.output).slice(1).toLowerCase() : '';
  if (ext === 'markdown') return 'md';
  return isSnapshotFormat(ext) ? ext : 'json';
}

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n  Formats: json (podlab.snapshot/v1), md (report), svg (the UI's topology), png (needs -o or a pipe).\n`);
    return EXIT_OK;
  }
  let a: SnapshotArgs;
  try {
    a = parse(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`podlab snapshot: ${err.message}\n${USAGE}\n`);
    return EXIT_INVALID;
  }
  const format = formatFor(a);
  if (format === 'png' && !a.output && process.stdout.isTTY) {
    process.stderr.write('podlab snapshot: PNG is binary; write it to a file with -o snapshot.png (or pipe it: > snapshot.png)\n');
    return EXIT_INVALID;
  }
  if (a.output && !a.force) {
    // Refuse before touching the engine: nothing to do if we may not write.
    if (existsSync(a.output)) {
      process.stderr.write(`podlab snapshot: ${new FileExistsError(a.output).message}\n`);
      return EXIT_INVALID;
    }
  }
  const only = a.pods.length > 0 ? [...new Set(a.pods)] : undefined;
  // A snapshot of every pod lists every container: that listing goes out beside the engine's version.
  const engine = await PodlabEngine.connect(process.env, config, { listAhead: !only });
  trace('connected');
  try {
    const taken = await engine.snapshot(only);
    const snap = { ...(only ? focusSnapshot(taken, only) : taken), podlab: { version: PODLAB_VERSION } };
    const missing = (only ?? []).filter((n) => !snap.pods.some((p) => p.name === n));
    if (missing.length > 0) {
      process.stderr.write(`podlab snapshot: ${new UnknownPodError(missing).message}\n`);
      return EXIT_INVALID;
    }
    const data = renderSnapshot(snap, format);
    trace('rendered');
    if (!a.output) {
      process.stdout.write(data);
      return EXIT_OK;
    }
    try {
      await writeFileAtomic(a.output, data, { force: a.force });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR') {
        const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'its folder does not exist' : 'podlab may not write there';
        process.stderr.write(`podlab snapshot: cannot write ${a.output}: ${why} (${code}). Choose another path with -o.\n`);
        return EXIT_INVALID;
      }
      if (!(err instanceof FileExistsError)) throw err;
      process.stderr.write(`podlab snapshot: ${err.message}\n`);
      return EXIT_INVALID;
    }
    const n = snap.pods.length;
    process.stderr.write(`podlab snapshot: wrote ${a.output} (${format}, ${n} pod${n === 1 ? '' : 's'}, taken ${snap.takenAt})\n`);
    return EXIT_OK;
  } finally {
    await engine.close();
  }
}
