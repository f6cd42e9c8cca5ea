// How the hands-on commands (exec, logs, debug, prove) report failures: the sentence, then kubectl's exit codes.
import { EXIT_ENGINE, EXIT_INVALID, UsageError } from './command';

export async function handsErrors(command: string, f: () => Promise<number>): Promise<number> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`podlab ${command}: ${err.message}\n`);
      return EXIT_INVALID;
    }
    const { HandsError, isUnreachable, describeError } = await import('../engine/exec-api');
    if (err instanceof HandsError) {
      process.stderr.write(`podlab ${command}: ${err.message}\n`);
      return err.exit;
    }
    // The commands connect without a ping (one round trip less): an engine that is not there shows up here.
    if (isUnreachable(err)) {
      process.stderr.write(`podlab ${command}: the Docker engine does not answer (${describeError(err)}); podlab doctor says what to fix\n`);
      return EXIT_ENGINE;
    }
    const exit = (err as { exitCode?: unknown }).exitCode;
    process.stderr.write(`podlab ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    return typeof exit === 'number' ? exit : EXIT_ENGINE;
  }
}
