import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalConfirm } from '../../src/adapters/actions/terminal-confirm.js';
import type { ActionReport } from '../../src/core/actions/action-report.js';
import { auditRecordFor } from '../../src/core/actions/audit-record.js';
import { renderActionReport, reportLine, reportSummary } from '../../src/core/actions/report-text.js';

const view = (status: string, weight: number, sessions: number) => ({
  backend: 'web', server: 'p1', status, weight, configuredWeight: 1, currentSessions: sessions, checkStatus: 'L7OK', mismatches: [],
});

const base: ActionReport = {
  action: 'drain', profile: 'lab', node: 'p1', title: 'drain p1', dryRun: false, result: 'ok', forced: [],
  commands: [{ node: 'head', kind: 'runtime-api', socket: '/run/haproxy/master.sock', process: 'worker 812', line: '@!812 set server web/p1 state drain' }],
  servers: [{ target: { backend: 'web', server: 'p1' }, ok: true, before: view('UP', 1, 2), after: view('DRAIN', 1, 1) }],
};

describe('renderActionReport', () => {
  it('says what is now true, before -> after', () => {
    expect(renderActionReport(base)).toBe('drain p1: done: p1 DRAIN weight 1\n  web/p1  UP, weight 1, 2 sessions  ->  DRAIN, weight 1, 1 session\n');
  });

  it('a dry run shows the state now and the exact lines that would be sent', () => {
    expect(renderActionReport({ ...base, dryRun: true })).toBe(
      'drain p1: dry run, nothing changed\n  web/p1  now UP, weight 1, 2 sessions\n  would run:\n    head /run/haproxy/master.sock (worker 812): @!812 set server web/p1 state drain\n',
    );
  });

  it('a failure names HAProxy\'s reason and the overall reason', () => {
    const failed: ActionReport = {
      ...base, result: 'failed', reason: 'web/p1: Permission denied',
      servers: [{ target: { backend: 'web', server: 'p1' }, ok: false, reason: 'Permission denied', before: view('UP', 1, 0), after: view('UP', 1, 0) }],
    };
    expect(renderActionReport(failed)).toBe('drain p1: failed: web/p1: Permission denied\n  web/p1  FAILED: Permission denied (now UP, weight 1, 0 sessions)\n');
  });

  // One renderer, two lengths: the console's flash and the CLI's stderr line are the full report's first line.
  it.each([
    ['ok', base, 'drain p1: done: p1 DRAIN weight 1'],
    ['ok, nothing read back', { ...base, servers: [] }, 'drain p1: done'],
    ['dry run', { ...base, dryRun: true }, 'drain p1: dry run, nothing changed'],
    ['partial (one process failed)', { ...base, result: 'failed', reason: 'web/p1: /run/haproxy/admin-2.sock: Permission denied' }, 'drain p1: failed: web/p1: /run/haproxy/admin-2.sock: Permission denied'],
    ['refused by the guard (its reason already says refused)', { ...base, result: 'refused', refusedBy: 'guard', reason: 'refused: web/p1 is the last server taking traffic in backend web', hint: 'add --force to do it anyway' }, 'drain p1: refused: web/p1 is the last server taking traffic in backend web; add --force to do it anyway'],
    ['refused: the journal', { ...base, result: 'refused', refusedBy: 'journal', reason: 'cannot record the action in /d/audit.jsonl (disk full); nothing was changed' }, 'drain p1: refused: cannot record the action in /d/audit.jsonl (disk full); nothing was changed'],
    ['declined', { ...base, result: 'declined', reason: 'not confirmed; nothing was changed' }, 'drain p1: declined: not confirmed; nothing was changed'],
    ['a restart', { ...base, action: 'restart', title: 'restart nginx on p1', servers: [], service: { service: 'nginx', activeBefore: true, activeAfter: true } }, 'restart nginx on p1: done: nginx active'],
  ] as [string, ActionReport, string][])('%s: the one line is the full report\'s first line', (_, report, line) => {
    expect(reportLine(report)).toBe(line);
    expect(renderActionReport(report).split('\n')[0]).toBe(line);
    expect(line.endsWith(reportSummary(report))).toBe(true);
    expect(reportLine(report, `${report.title} (forced)`)).toBe(line.replace(report.title, `${report.title} (forced)`));
  });

  it('the audit record carries before and after of every target, and closes its intent by id', () => {
    const record = auditRecordFor(base, { user: 'op', time: new Date(Date.UTC(2025, 5, 1, 12)) }, '6f1c');
    expect(record).toEqual({
      kind: 'result', id: '6f1c',
      time: '2025-06-01T12:00:00.000Z', profile: 'lab', user: 'op', action: 'drain', title: 'drain p1',
      target: { node: 'p1', servers: ['web/p1'] },
      before: { 'web/p1': { status: 'UP', weight: 1, sessions: 2 } },
      after: { 'web/p1': { status: 'DRAIN', weight: 1, sessions: 1 } },
      result: 'ok', dryRun: false,
    });
  });

  it('without an intent a record is a dry run, or an action that changed nothing', () => {
    const time = new Date(Date.UTC(2025, 5, 1, 12));
    expect(auditRecordFor({ ...base, dryRun: true }, { user: 'op', time })).toMatchObject({ kind: 'dry-run', dryRun: true });
    expect(auditRecordFor({ ...base, result: 'refused' }, { user: 'op', time })).toMatchObject({ kind: 'no-change', result: 'refused' });
    expect(auditRecordFor({ ...base, result: 'refused' }, { user: 'op', time })).not.toHaveProperty('id');
  });
});

describe('terminalConfirm', () => {
  const ask = async (typed: string | null): Promise<{ answer: boolean; shown: string }> => {
    const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
    const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
    let shown = '';
    (stderr as unknown as PassThrough).on('data', (d: Buffer) => (shown += d.toString()));
    const pending = terminalConfirm(stdin, stderr)('maint p1: go ahead?');
    if (typed === null) (stdin as unknown as PassThrough).end();
    else (stdin as unknown as PassThrough).write(typed);
    return { answer: await pending, shown };
  };

  it.each([['y\n', true], ['YES\n', true], ['\n', false], ['n\n', false], ['yep\n', false], [null, false]])('%j -> %s', async (typed, expected) => {
    const { answer, shown } = await ask(typed);
    expect(answer).toBe(expected);
    expect(shown).toContain('maint p1: go ahead? [y/N] ');
  });
});
