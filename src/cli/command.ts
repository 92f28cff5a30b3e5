import type { GlobalFlags } from './global-flags.js';

export interface CommandContext {
  readonly globals: GlobalFlags;
  /** Arguments after the command name, global flags removed. */
  readonly args: readonly string[];
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly env: NodeJS.ProcessEnv;
  /** The repo's own directory (for profiles/ and the lab's files). */
  readonly packageRoot: string;
}

/** A command returns its exit code; UsageError → 2. */
export type CommandRun = (ctx: CommandContext) => Promise<number>;

export interface CommandModule {
  readonly run: CommandRun;
}
