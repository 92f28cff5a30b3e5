import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abArgs, abGuardSeconds, abRunCommand, splitAbPid } from '../../src/core/loadtest/ab-command.js';
import type { RunPlan } from '../../src/core/loadtest/run-plan.js';

/** The remote ab wrapper as text, and run by sh with a stand-in ab that prints the argv it got. */

const plan = (over: Partial<RunPlan>): RunPlan => ({
  url: 'http://127.0.0.1:8080/', target: 'url', method: 'GET', concurrency: 4, limit: { kind: 'requests', requests: 400 },
  keepAlive: true, headers: {}, engine: 'ab', from: 'head', ...over,
});

let bin: string;

beforeAll(async () => {
  bin = await mkdtemp(path.join(os.tmpdir(), 'picon-ab-argv-'));
  // Prints each argument NUL-terminated, as ab would receive it.
  await writeFile(path.join(bin, 'ab'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done\n');
  await chmod(path.join(bin, 'ab'), 0o755);
  for (const tool of ['sh', 'cat', 'timeout']) await symlink((await which(tool)) as string, path.join(bin, tool));
});
afterAll(() => rm(bin, { recursive: true, force: true }));

function which(tool: string): Promise<string | undefined> {
  return new Promise((resolve) => execFile('sh', ['-c', `command -v ${tool}`], (_e, out) => resolve(out.trim() || undefined)));
}

/** Runs the wrapper as sshd would (the command text through sh), stdin held open as picon holds it. */
function runWrapper(text: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('sh', ['-c', text], { env: { PATH: bin }, timeout: 10_000 }, (error, stdout, stderr) => {
      child.stdin?.destroy();
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

describe('abArgs: credentials in the URL', () => {
  it.each<[string, Partial<RunPlan>, string[]]>([
    ['user and password go to -A, the URL loses them', { url: 'http://alice:s%40cret@127.0.0.1:8080/x' }, ['-A', 'alice:s@cret', 'http://127.0.0.1:8080/x']],
    ['a lone user name', { url: 'http://tok3n@127.0.0.1:8080/' }, ['-A', 'tok3n:', 'http://127.0.0.1:8080/']],
    ['the plan\'s own Authorization wins', { url: 'http://alice:pw@127.0.0.1:8080/', headers: { authorization: 'Bearer t' } }, ['-H', 'authorization: Bearer t', 'http://127.0.0.1:8080/']],
    ['no credentials: the URL as given', { url: 'http://127.0.0.1:8080/a?b=1' }, ['-n', '400', 'http://127.0.0.1:8080/a?b=1']],
  ])('%s', (_name, over, tail) => {
    expect(abArgs(plan(over)).slice(-tail.length)).toEqual(tail);
  });
});

describe('abRunCommand', () => {
  it.each<[string, Partial<RunPlan>]>([
    ['plain GET', {}],
    ['a timed run without keep-alive', { keepAlive: false, limit: { kind: 'duration', seconds: 20 } }],
    ['HEAD', { method: 'HEAD' }],
    ['quotes, $(), backticks and ; in a header', { headers: { 'X-Name': "it's; $(touch /tmp/x) `id` \"q\"" } }],
    ['a URL with a query and &', { url: 'http://127.0.0.1:8080/a?b=1&c=$HOME' }],
  ])('%s: ab gets exactly its argv, through sh', async (_name, over) => {
    const p = plan(over);
    const r = await runWrapper(abRunCommand(p).text);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { pid, report } = splitAbPid(r.stdout);
    expect(pid).toBeGreaterThan(1);
    expect(report.split('\0').slice(0, -1)).toEqual(abArgs(p).slice(1));
  });

  it('prints the pid of the process that runs ab first, before anything ab prints', async () => {
    // The stand-in prints its parent's pid: timeout's, the process the marker names.
    const parent = await mkdtemp(path.join(os.tmpdir(), 'picon-ab-ppid-'));
    await writeFile(path.join(parent, 'ab'), '#!/bin/sh\nprintf "parent %s\\n" "$PPID"\n');
    await chmod(path.join(parent, 'ab'), 0o755);
    for (const tool of ['sh', 'cat', 'timeout']) await symlink((await which(tool)) as string, path.join(parent, tool));
    const r = await new Promise<string>((resolve) => execFile('sh', ['-c', abRunCommand(plan({})).text], { env: { PATH: parent } }, (_e, out) => resolve(out)));
    await rm(parent, { recursive: true });
    const { pid, report } = splitAbPid(r);
    expect(report).toBe(`parent ${pid}\n`);
  });

  it.each([
    ['picon-ab-pid:4242\nThis is ApacheBench\n', 4242, 'This is ApacheBench\n'],
    ['This is ApacheBench\npicon-ab-pid:4242\n', undefined, 'This is ApacheBench\npicon-ab-pid:4242\n'],
    ['picon-ab-pid:x\n', undefined, 'picon-ab-pid:x\n'],
    ['picon-ab-pid:12', undefined, 'picon-ab-pid:12'],
    ['', undefined, ''],
  ])('splitAbPid(%j): pid %s', (stdout, pid, report) => {
    expect(splitAbPid(stdout)).toEqual({ ...(pid !== undefined && { pid }), report });
  });

  it('holds a watcher on stdin, a timeout guard, and no file in a shared temp dir', () => {
    const text = abRunCommand(plan({ limit: { kind: 'duration', seconds: 30 } })).text;
    expect(text.startsWith("'sh' '-c' '")).toBe(true);
    expect(text).toContain('cat <&3 >/dev/null');
    expect(text).toContain('kill -TERM "$ab"');
    expect(text).toContain(`timeout -s INT ${abGuardSeconds(plan({ limit: { kind: 'duration', seconds: 30 } }))}`);
    expect(text).not.toMatch(/\/tmp|\/var\/tmp|\/dev\/shm|pidfile|\.pid/);
  });

  it('guards a timed run for its duration + 60 s and a counted one for the 300 s cap + 60 s', () => {
    expect(abGuardSeconds(plan({ limit: { kind: 'duration', seconds: 30 } }))).toBe(90);
    expect(abGuardSeconds(plan({}))).toBe(360);
  });

  it('says ab is missing with exit 127 on a node without it', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'picon-ab-none-'));
    await symlink((await which('sh')) as string, path.join(empty, 'sh'));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile('sh', ['-c', abRunCommand(plan({})).text], { env: { PATH: empty } }, (error, _out, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stderr }),
      ),
    );
    expect(r).toEqual({ code: 127, stderr: 'ab: command not found\n' });
    await rm(empty, { recursive: true });
  });
});
