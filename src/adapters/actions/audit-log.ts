import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatAuditLine, type AuditLine } from '../../core/actions/audit-record.js';
import { appendLine } from '../files/append-line.js';
import { dataDir } from '../files/data-dir.js';
import type { AuditLog } from './action-deps.js';

/**
 * The audit log: audit.jsonl in the data dir ($PICON_DATA_DIR, else ~/.local/share/picon).
 * Each record is one write of one whole line to a file opened O_APPEND and fsynced, so concurrent
 * picons never interleave inside a line and a crash cannot leave half a record in the middle.
 */

export const AUDIT_FILE = 'audit.jsonl';

/** How much of the end of the log is read for open intents: a check that stays cheap on any size. */
export const TAIL_BYTES = 1024 * 1024;

export function auditFile(env: NodeJS.ProcessEnv): string {
  return path.join(dataDir(env), AUDIT_FILE);
}

/** On disk when it resolves; rejects (with the file system's error) when it cannot be written. */
export function appendAudit(file: string, record: AuditLine): Promise<void> {
  return appendLine(file, formatAuditLine(record));
}

function parseLines(text: string): { records: AuditLine[]; broken: number } {
  const records: AuditLine[] = [];
  let broken = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as AuditLine);
    } catch {
      broken++;
    }
  }
  return { records, broken };
}

/** Every whole record, oldest first; lines that do not parse (a crash mid-write) are counted, not thrown. */
export async function readAudit(file: string): Promise<{ records: AuditLine[]; broken: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], broken: 0 };
    throw error;
  }
  return parseLines(text);
}

/** The records in the last `bytes` of the log (the first, cut line dropped); a missing log has none. */
export async function readAuditTail(file: string, bytes = TAIL_BYTES): Promise<{ records: AuditLine[]; broken: number }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], broken: 0 };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const from = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    if (from > 0) text = text.slice(text.indexOf('\n') + 1);
    return parseLines(text);
  } finally {
    await handle.close();
  }
}

/** The journal runAction writes to. */
export function auditLog(file: string): AuditLog {
  return { file, append: (line) => appendAudit(file, line) };
}
