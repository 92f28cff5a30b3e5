import { remoteCommand, type RemoteCommand } from '../remote/shell-quote.js';
import { commandBatch, type BatchResult } from './command-batch.js';
import { parseDfPosix } from './df.js';
import { readFailed, readMissing, readValue, type RawRead } from './metric.js';

/**
 * The prober's reads on a node without SFTP: each file with `cat` and the disk with `df`, all
 * in one remote command (one channel, one shell), giving the same raw reads as SFTP would.
 * The cost is a process per file plus the shell and df, on every poll.
 */

export interface ExecReads {
  /** One read per requested path. */
  readonly files: ReadonlyMap<string, RawRead>;
  /** A statvfs-shaped value, as the SFTP statvfs reply. */
  readonly disk: RawRead<unknown>;
}

export function execReadsCommand(paths: readonly string[], diskPath: string): RemoteCommand {
  return commandBatch([...paths.map((p) => remoteCommand(['cat', p])), remoteCommand(['env', 'LC_ALL=C', 'df', '-Pk', diskPath])]);
}

function fileRead(node: string, path: string, result: BatchResult | undefined): RawRead {
  if (result === undefined || result.code === null) return readFailed(`${node}: reading ${path} did not finish`);
  if (result.code === 0) return readValue(result.output);
  if (/No such file or directory/.test(result.output)) return readMissing(`${node} has no ${path}`);
  if (/Permission denied/.test(result.output)) return readMissing(`${node}: ${path}: permission denied`);
  return readFailed(`${node}: cat ${path}: ${result.output || `exit ${result.code}`}`);
}

function diskRead(node: string, diskPath: string, result: BatchResult | undefined): RawRead<unknown> {
  if (result === undefined || result.code === null) return readFailed(`${node}: df ${diskPath} did not finish`);
  if (result.code === 127) return readMissing(`${node} has no df`);
  if (result.code !== 0) return readFailed(`${node}: df ${diskPath}: ${result.output || `exit ${result.code}`}`);
  const fs = parseDfPosix(result.output);
  return fs.ok ? readValue(fs.value) : readFailed(`${node}: ${fs.reason}`);
}

/** The batch's results (from parseBatch, in command order) as raw reads. */
export function execReads(node: string, paths: readonly string[], diskPath: string, results: readonly BatchResult[]): ExecReads {
  return {
    files: new Map(paths.map((p, i) => [p, fileRead(node, p, results[i])])),
    disk: diskRead(node, diskPath, results[paths.length]),
  };
}
