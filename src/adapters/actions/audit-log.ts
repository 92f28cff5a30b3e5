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
  const line = Buffer.from(formatAuditLine(record), 'utf8');
  const handle = await open(file, 'a', 0o600);
  try {
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
