import { parseBatch } from '../../core/health/command-batch.js';
import { execReads, execReadsCommand, type ExecReads } from '../../core/health/exec-reads.js';
import { readFailed, type RawRead } from '../../core/health/metric.js';
import type { NodeTransport } from '../../core/ports/node-transport.js';

/** How one poll reads files and the disk: over SFTP (SftpFiles) or by one exec (below). */
export interface PollFiles {
  read(path: string): Promise<RawRead>;
  readOnce(path: string): Promise<RawRead>;
  statvfs(path: string): Promise<RawRead<unknown>>;
}

/**
 * Reads `paths` and the disk use of `diskPath` with one remote command, for a node whose sshd
 * has no SFTP subsystem. Only what was asked for can be read from the result.
 */
export async function readFilesViaExec(
  transport: NodeTransport,
  paths: readonly string[],
  diskPath: string,
  timeoutMs: number,
): Promise<PollFiles> {
  const node = transport.node;
  const result = await transport.exec(execReadsCommand(paths, diskPath), { timeoutMs });
  let reads: ExecReads | string;
  if (!result.ok) reads = result.error.message;
  else {
    const batch = parseBatch(result.value.stdout, 2);
    reads = batch.ok ? execReads(node, paths, diskPath, batch.value) : `${node}: ${batch.reason}`;
  }
  const read = async (path: string): Promise<RawRead> =>
    typeof reads === 'string' ? readFailed(reads) : (reads.files.get(path) ?? readFailed(`${node}: ${path} was not in this poll's command`));
  return {
    read,
    readOnce: read,
    statvfs: async (path) => {
      if (typeof reads === 'string') return readFailed(reads);
      return path === diskPath ? reads.disk : readFailed(`${node}: the disk use of ${path} was not in this poll's command`);
    },
  };
}
