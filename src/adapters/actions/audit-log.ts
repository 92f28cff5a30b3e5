import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatAuditLine, type AuditRecord } from '../../core/actions/audit-record.js';
import { dataDir } from '../loadtest/history-store.js';

/**
 * The audit log: audit.jsonl in the data dir ($PICON_DATA_DIR, else ~/.local/share/picon).
 * Each record is one write of one whole line to a file opened O_APPEND, so concurrent picons
 * never interleave inside a line and a crash cannot leave half a record in the middle.
 */

export const AUDIT_FILE = 'audit.jsonl';

export function auditFile(env: NodeJS.ProcessEnv): string {
  return path.join(dataDir(env), AUDIT_FILE);
}

export async function appendAudit(file: string, record: AuditRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let line = Buffer.from(formatAuditLine(record), 'utf8');
  const handle = await open(file, 'a+', 0o600);
  try {
    // A line left unfinished by a crash (power loss mid-write) must not swallow this one.
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) line = Buffer.concat([Buffer.from('\n'), line]);
    }
    const { bytesWritten } = await handle.write(line, 0, line.length);
    if (bytesWritten !== line.length) throw new Error(`short write to ${file}: ${bytesWritten} of ${line.length} bytes`);
  } finally {
    await handle.close();
  }
}

/** Every whole record, oldest first; lines that do not parse (a crash mid-write) are counted, not thrown. */
export async function readAudit(file: string): Promise<{ records: AuditRecord[]; broken: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], broken: 0 };
    throw error;
  }
  const records: AuditRecord[] = [];
  let broken = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as AuditRecord);
    } catch {
      broken++;
    }
  }
  return { records, broken };
}
