import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { descendantRefs, isOursAcrossExec, isSame, processRef, signalRef, waitGoneRefs } from '../../src/adapters/lab/proc.js';

/** Signals reach the process that was seen, never one that got its pid later (pid_max here is 32768). */

describe('process references', () => {
  it('name a live process by pid and start time; a wrong start time is another process', () => {
    const me = processRef(process.pid);
    expect(me).toBeDefined();
    if (me === undefined) return;
    expect(isSame(me)).toBe(true);
    const reused = { pid: me.pid, start: me.start + 1 };
    expect(isSame(reused)).toBe(false);
    // The "old" process is gone as far as the signal is concerned: this very process is not hit.
    expect(signalRef(reused, 'SIGTERM')).toBe(false);
    expect(isSame(me)).toBe(true);
  });

  it('a process that exited is gone for good, and its children were seen under it', async () => {
    const parent = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    const closed = new Promise((r) => parent.once('close', r));
    const pid = parent.pid as number;
    let kids = descendantRefs(pid);
    for (let i = 0; i < 100 && kids.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      kids = descendantRefs(pid);
    }
    expect(kids).toHaveLength(1);
    const ref = processRef(pid);
    if (ref === undefined) throw new Error('sh is not running');
    expect(signalRef(kids[0] as (typeof kids)[0], 'SIGKILL')).toBe(true);
    expect(await waitGoneRefs([ref], 3000)).toBe(true);
    await closed;
    expect(isSame(ref)).toBe(false);
    expect(signalRef(ref, 'SIGTERM')).toBe(false);
  });
});

describe('isOursAcrossExec', () => {
  it('answers at once for a process that is ours, one that is another program, and a pid nobody has', async () => {
    const started = Date.now();
    expect(await isOursAcrossExec(process.pid, 'vitest')).toBe(true);
    expect(await isOursAcrossExec(process.pid, '/no/such/lab/dir/')).toBe(false);
    expect(await isOursAcrossExec(4_194_303, '/no/such/lab/dir/')).toBe(false);
    expect(await isOursAcrossExec(null, 'x')).toBe(false);
    // It waits only while a live process's command line reads empty (a re-exec in progress).
    expect(Date.now() - started).toBeLessThan(500);
  });
});
