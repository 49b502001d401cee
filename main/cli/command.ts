/** One `station` subcommand. `run` returns the process exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for commands that accept `-`). */
  readStdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes shared by all commands; command-specific codes start at 10. */
export const exitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  invalidInput: 3,
} as const;
