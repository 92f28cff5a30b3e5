import { remoteCommand, type RemoteCommand } from '../remote/shell-quote.js';
import { commandBatch, type BatchResult } from './command-batch.js';
import { parseDfPosix } from './df.js';
import { readFailed, readMissing, readValue, type RawRead } from './metric.js';

/**
 * The prober's reads on a node without SFTP, in one remote command: every file with one
 * `tail -n +1 FILE…` (which prints each file whole after a `==> FILE <==` header, and nothing for
 * a file it cannot open) and the disk with `df -Pk`. That is three processes on the node per
 * poll (the session's shell, tail, df) where SFTP needs none; a `cat` per file would be seven.
 */

export interface ExecReads {
  /** One read per requested path. */
  readonly files: ReadonlyMap<string, RawRead>;
  /** A statvfs-shaped value, as the SFTP statvfs reply. */
  readonly disk: RawRead<unknown>;
}

/** tail prints headers only for two files or more (`-v` is not everywhere): callers pass /proc's five. */
export function execReadsCommand(paths: readonly string[], diskPath: string): RemoteCommand {
  if (paths.length < 2) throw new Error('execReadsCommand needs at least two paths');
  // stderr is dropped: a file tail cannot open just has no header, and no message can land inside another file's text.
  const tail = { text: `${remoteCommand(['tail', '-n', '+1', ...paths]).text} 2>/dev/null` };
  return commandBatch([tail, remoteCommand(['env', 'LC_ALL=C', 'df', '-Pk', diskPath])]);
}

const header = (path: string): string => `==> ${path} <==\n`;

/** Each file's text from tail's output; a file without its header could not be read. */
export function splitTail(node: string, paths: readonly string[], output: string): Map<string, RawRead> {
  const found: { path: string; start: number; end: number }[] = [];
  let cursor = 0;
  for (const path of paths) {
    const at = output.indexOf(header(path), cursor);
    if (at === -1 || (at > 0 && output[at - 1] !== '\n')) continue;
    found.push({ path, start: at, end: at + header(path).length });
    cursor = at + header(path).length;
  }
  const files = new Map<string, RawRead>();
  found.forEach(({ path, end }, i) => {
    const next = found[i + 1];
    // tail writes "\n" before every header but the first.
    files.set(path, readValue(next === undefined ? output.slice(end) : output.slice(end, next.start - 1)));
  });
  for (const path of paths) if (!files.has(path)) files.set(path, readMissing(`${node} has no ${path} (or may not read it)`));
  return files;
}

function fileReads(node: string, paths: readonly string[], result: BatchResult | undefined): Map<string, RawRead> {
  const all = (read: RawRead): Map<string, RawRead> => new Map(paths.map((p) => [p, read]));
  if (result === undefined || result.code === null) return all(readFailed(`${node}: reading ${paths.join(' ')} did not finish`));
  if (result.code === 127) return all(readFailed(`${node} has no tail`));
  // 1: some file could not be opened (its header is missing); the others are whole.
  if (result.code !== 0 && result.code !== 1) return all(readFailed(`${node}: tail exited ${result.code}`));
  return splitTail(node, paths, result.output);
}

function diskRead(node: string, diskPath: string, result: BatchResult | undefined): RawRead<unknown> {
  if (result === undefined || result.code === null) return readFailed(`${node}: df ${diskPath} did not finish`);
  if (result.code === 127) return readMissing(`${node} has no df`);
  if (result.code !== 0) return readFailed(`${node}: df ${diskPath}: ${result.output || `exit ${result.code}`}`);
  const fs = parseDfPosix(result.output);
  return fs.ok ? readValue(fs.value) : readFailed(`${node}: ${fs.reason}`);
}

/** The batch's two results (from parseBatch) as raw reads. */
export function execReads(node: string, paths: readonly string[], diskPath: string, results: readonly BatchResult[]): ExecReads {
  return { files: fileReads(node, paths, results[0]), disk: diskRead(node, diskPath, results[1]) };
}
