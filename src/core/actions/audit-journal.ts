import { isIntent, type AuditIntent, type AuditLine, type AuditProcess } from './audit-record.js';

/**
 * Pairing the journal's lines: an intent is open until a result line with its id follows. An open
 * intent whose process is gone was interrupted — picon was killed between the change and its record.
 */

/** Intents no result closes, oldest first. */
export function openIntents(lines: readonly AuditLine[]): AuditIntent[] {
  const open = new Map<string, AuditIntent>();
  for (const line of lines) {
    if (isIntent(line)) open.set(line.id, line);
    else if (line.kind === 'result' && line.id !== undefined) open.delete(line.id);
  }
  return [...open.values()];
}

/**
 * The open intents of one profile whose picon is no longer running: those are interrupted. One
 * still running (this machine, same pid and start) is an action in progress, not a loss.
 */
export function interruptedIntents(lines: readonly AuditLine[], profile: string, isRunning: (process: AuditProcess) => boolean): AuditIntent[] {
  return openIntents(lines).filter((i) => i.profile === profile && !isRunning(i.process));
}
