import type { ParseArgsConfig } from 'node:util';

/** Exit codes, documented in the README and `change-risk --help`. */
export const ExitCode = {
  ok: 0,
  /** `validate`: team files have errors. */
  findings: 1,
  usage: 2,
  /** Not a git repository, git failed, or another runtime error. */
  failure: 3,
} as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CommandContext {
  /** Parsed option values of this command, keyed by long name. */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Help text after the usage line: options and examples. */
  details: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** The name of its one argument (`explain <path>`); a command without one takes none. */
  argument?: string;
  /** Returns the exit code. */
  run(context: CommandContext): Promise<number>;
}
