import { describe, expect, it } from 'vitest';
import { COMMANDS, CONSOLE_FLAGS, GLOBAL_FLAGS } from '../../src/cli/commands.js';
import { completionCandidates, type LookupContext, type ValueLookup } from '../../src/cli/completion/candidates.js';

/** A profile as the lookup sees it: "cluster" by default, "other" and "lab" by name. */
const PROFILES: Record<string, { nodes: string[]; workers: string[]; services: Record<string, string[]>; presets: string[]; backends: string[] }> = {
  cluster: { nodes: ['head', 'p1', 'p2', 'pi3'], workers: ['p1', 'p2', 'pi3'], services: { head: ['haproxy'], p1: ['nginx', 'webapp'], p2: ['nginx', 'webapp'], pi3: ['nginx'] }, presets: ['home', 'work'], backends: ['web', 'api'] },
  other: { nodes: ['gw', 'w1'], workers: ['w1'], services: { gw: ['haproxy'], w1: ['nginx'] }, presets: ['smoke'], backends: ['b'] },
  lab: { nodes: ['head', 'node1'], workers: ['node1'], services: { head: ['haproxy', 'sshd'], node1: ['nginx', 'sshd'] }, presets: [], backends: ['web'] },
};

const asked: LookupContext[] = [];
const lookup: ValueLookup = async (kind, context) => {
  asked.push(context);
  if (kind === 'profile') return ['cluster', 'other', 'lab'];
  if (kind === 'run') return ['last', 'last~1', '20250101-120000-abc', '20250101-110000-xyz'];
  const p = PROFILES[context.profile ?? 'cluster'];
  if (p === undefined) return [];
  switch (kind) {
    case 'node': return p.nodes;
    case 'worker': return p.workers;
    case 'backend': return p.backends;
    case 'preset': return p.presets;
    case 'service': return context.node !== undefined && p.services[context.node] !== undefined ? p.services[context.node] ?? [] : [...new Set(Object.values(p.services).flat())];
    default: return [];
  }
};

const table = { commands: COMMANDS, globalFlags: GLOBAL_FLAGS, consoleFlags: CONSOLE_FLAGS };

/** `line` as typed, the cursor at its end ("drain " completes an empty word). */
async function complete(line: string): Promise<string[]> {
  const words = line.split(' ');
  const current = words.pop() ?? '';
  return (await completionCandidates(table, words.filter((w) => w !== ''), current, lookup)).map((c) => c.value);
}

describe('completion candidates', () => {
  it.each([
    ['dr', ['drain']],
    ['re', ['ready', 'restart']],
    ['drain ', ['head', 'p1', 'p2', 'pi3']],
    ['drain p', ['p1', 'p2', 'pi3']],
    ['drain p1 ', []],
    ['restart p1 ', ['nginx', 'webapp']],
    ['restart head ', ['haproxy']],
    ['restart p1 nginx ', []],
    ['weight p1 ', []],
    ['bench ', ['home', 'work', 'history', 'compare']],
    ['bench h', ['home', 'history']],
    ['bench --engine ', ['builtin', 'ab']],
    ['bench home --from ', ['head', 'p1', 'p2', 'pi3']],
    ['bench node-nginx --node ', ['p1', 'p2', 'pi3']],
    ['bench compare ', ['last', 'last~1', '20250101-120000-abc', '20250101-110000-xyz']],
    ['bench compare last ', ['last', 'last~1', '20250101-120000-abc', '20250101-110000-xyz']],
    ['bench compare --format ', ['human', 'md', 'csv', 'json']],
    ['bench -c ', []],
    ['--profile ', ['cluster', 'other', 'lab']],
    ['-p o', ['other']],
    ['--profile other drain ', ['gw', 'w1']],
    ['drain --profile other ', ['gw', 'w1']],
    ['--profile=other restart w1 ', ['nginx']],
    ['--profile=o', ['--profile=other']],
    ['--profile = o', ['other']],
    ['drain --backend ', ['web', 'api']],
    ['profile ', ['list', 'show', 'validate', 'use']],
    ['profile use ', ['cluster', 'other', 'lab']],
    ['profile validate ', [':files']],
    ['lab ', ['up', 'down', 'status', 'stop', 'start', 'kill', 'freeze', 'restart', 'is-active', 'stall', 'heat', 'cool', 'undervolt', 'head-threads', 'cpu-cap', 'slow']],
    ['lab stop ', ['head', 'node1']],
    ['lab restart node1 ', ['nginx', 'sshd']],
    ['lab up --dir ', [':dirs']],
    ['completion ', ['bash', 'zsh', 'fish']],
    ['nosuch ', []],
    ['--json st', ['status', 'study']],
  ])('picon %s<TAB> → %j', async (line, expected) => {
    expect(await complete(line)).toEqual(expected);
  });

  it('flags: the global ones and those of the command (and subcommand), without those already given', async () => {
    const drain = await complete('drain p1 --');
    expect(drain).toEqual(expect.arrayContaining(['--wait', '--wait-timeout', '--backend', '--force', '--lock-wait', '--json', '--profile', '--dry-run']));
    expect(drain).not.toContain('--persist');
    expect(await complete('drain p1 --wait --w')).toEqual(['--wait-timeout']);
    expect(await complete('weight p1 3 --p')).toEqual(['--profile', '--persist']);
    expect(await complete('bench history --')).toContain('--all');
    expect(await complete('bench history --')).not.toContain('--engine');
    expect(await complete('bench compare --f')).toEqual(['--format']);
    expect(await complete('lab up --')).toContain('--workers');
    expect(await complete('lab down --')).toEqual(expect.arrayContaining(['--keep-files', '--dir']));
    expect(await complete('lab down --')).not.toContain('--workers');
    expect(await complete('--i')).toEqual(['--interval']);
    expect(await complete('-')).toEqual(expect.arrayContaining(['-p', '-y', '-h', '-V', '--interval']));
  });

  it('a flag candidate carries its help line (zsh and fish show it)', async () => {
    const [wait] = await completionCandidates(table, ['drain', 'p1'], '--wait-t', lookup);
    expect(wait).toEqual({ value: '--wait-timeout', help: 'give up waiting after S seconds (default 120)' });
  });

  it("the lab's commands look values up in the lab's profile unless --profile says otherwise", async () => {
    asked.length = 0;
    await complete('lab stop ');
    expect(asked).toEqual([{ profile: 'lab' }]);
    expect(await complete('--profile other lab stop ')).toEqual(['gw', 'w1']);
  });

  it('a lookup that throws gives no candidates, not an error', async () => {
    const broken: ValueLookup = async () => { throw new Error('profile is broken'); };
    expect(await completionCandidates(table, ['drain'], '', broken)).toEqual([]);
  });
});
