import { describe, expect, it } from 'vitest';
import { writeJson, writeJsonError } from '../../src/cli/json-output.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    streams: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } },
  };
}

describe('writeJson', () => {
  it('puts schemaVersion first and prints no warning for an output that fits its schema', () => {
    const { out, streams } = capture();
    writeJson(streams, 'profile-use', { default: 'lab', file: '/x/lab.yaml', name: 'lab' });
    expect(out.stdout).toBe('{\n  "schemaVersion": 1,\n  "default": "lab",\n  "file": "/x/lab.yaml",\n  "name": "lab"\n}\n');
    expect(out.stderr).toBe('');
  });

  it('still prints an output that does not fit, with one warning line naming the schema file and the field', () => {
    const { out, streams } = capture();
    writeJson(streams, 'profile-use', { default: 'lab', file: 7, name: 'lab' });
    expect(JSON.parse(out.stdout)).toEqual({ schemaVersion: 1, default: 'lab', file: 7, name: 'lab' });
    expect(out.stderr).toMatch(/^picon: warning: this output does not fit schema\/profile-use\.schema\.json \(file: .+\); please report it\n$/);
  });

  it('gives each run of an array (bench history) its schemaVersion; an empty history is []', () => {
    const run = {
      version: 1, id: '20261206-231500-a3f', startedAt: '2026-12-06T23:15:00.000Z', profile: 'lab', label: 'Cluster',
      plan: { url: 'http://127.0.2.1:8080/', preset: 'home', target: 'frontend', method: 'GET', concurrency: 4, limit: { kind: 'requests', requests: 200 }, keepAlive: true, headers: {}, engine: 'builtin' },
      result: { engine: 'builtin', requestsPerSecond: 900, meanTimePerRequestMs: 4.4, completed: 200, failed: 0, latency: { p95Ms: 9 } },
      throttleBefore: [], throttleAfter: [], newlyThrottled: {}, throttled: false,
    };
    const { out, streams } = capture();
    writeJson(streams, 'bench-history', [run, { ...run, id: '20261206-231600-b4g' }]);
    expect((JSON.parse(out.stdout) as { schemaVersion: number; id: string }[]).map((r) => [r.schemaVersion, r.id])).toEqual([[1, run.id], [1, '20261206-231600-b4g']]);
    expect(out.stderr).toBe('');
    const empty = capture();
    writeJson(empty.streams, 'bench-history', []);
    expect(empty.out.stdout).toBe('[]\n');
  });
});

describe('writeJsonError', () => {
  it('derives the culprit from the message unless given, and keeps the hint', () => {
    const { out, streams } = capture();
    writeJsonError(streams, { code: 'bad-input', message: 'no node named "p9" in profile lab', hint: 'Nodes: p1, p2' });
    writeJsonError(streams, { code: 'failed', message: 'p3: connection refused', culprit: 'p3' });
    const [first, second] = out.stdout.trimEnd().split('\n}\n').map((t, i, all) => JSON.parse(i < all.length - 1 ? `${t}\n}` : t) as unknown);
    expect(first).toEqual({ schemaVersion: 1, error: { code: 'bad-input', message: 'no node named "p9" in profile lab', culprit: 'p9', hint: 'Nodes: p1, p2' } });
    expect(second).toEqual({ schemaVersion: 1, error: { code: 'failed', message: 'p3: connection refused', culprit: 'p3' } });
    expect(out.stderr).toBe('');
  });
});
