import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatAuditLine, type AuditRecord } from '../../core/actions/audit-record.js';
import { appendLine } from '../files/append-line.js';
import { dataDir } from '../files/data-dir.js';

/**
 * The audit log: audit.jsonl in the data dir ($PICON_DATA_DIR, else ~/.local/share/picon).
 * Each record is one write of one whole line to a file opened O_APPEND, so concurrent picons
 * never interleave inside a line and a crash cannot leave half a record in the middle.
 */

export const AUDIT_FILE = 'audit.jsonl';

export function auditFile(env: NodeJS.ProcessEnv): string {
  return path.join(dataDir(env), AUDIT_FILE);
}

export function appendAudit(file: string, record: AuditRecord): Promise<void> {
  return appendLine(file, formatAuditLine(record));
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
