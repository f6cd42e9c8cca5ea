// What every CLI command module exports, and the exit codes of the command-line contract (docs/contract.md).
import type { PodlabConfig } from '../engine/config';

export interface CommandModule {
  /**
   * Runs the command with its arguments (after the command name) and the configuration main.ts loaded and checked;
   * resolves to the exit code.
   */
  run(args: string[], config: PodlabConfig): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_ENGINE = 1;
export const EXIT_INVALID = 2;
export const EXIT_FAILED = 3;

/** Thrown for bad user input: printed without a stack, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
