import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `picon completion bash|zsh|fish` in the real shells, picon run from dist/ as `picon` on the
 * PATH, with the repo's pi-cluster profile as the default (a settings dir of the test's own).
 * No lab: completion reads the profile and never connects.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
let dir: string;
let env: NodeJS.ProcessEnv;

function has(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

function run(shell: string, args: string[]): string {
  return execFileSync(shell, args, { env, cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'picon-completion-'));
  mkdirSync(path.join(dir, 'bin'));
  symlinkSync(path.join(REPO_ROOT, 'bin', 'picon'), path.join(dir, 'bin', 'picon'));
  env = { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env['PATH'] ?? ''}`, PICON_CONFIG_DIR: path.join(dir, 'config'), PICON_DATA_DIR: path.join(dir, 'data'), HOME: dir };
  execFileSync('picon', ['profile', 'use', 'pi-cluster'], { env, stdio: 'ignore' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** bash: what COMPREPLY holds after _picon_complete, for a line split into COMP_WORDS with the cursor on the last word. */
function bash(words: string[]): string[] {
  const array = words.map((w) => `'${w}'`).join(' ');
  const out = run('bash', ['-c', `source <(picon completion bash); COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _picon_complete; printf '%s\\n' "\${COMPREPLY[@]}"`]);
  return out.split('\n').filter((l) => l !== '');
}

describe('bash', () => {
  it('the script registers _picon_complete for picon', () => {
    expect(run('bash', ['-c', 'source <(picon completion bash); complete -p picon']).trim()).toBe('complete -F _picon_complete picon');
  });

  it.each([
    [['picon', 'dr'], ['drain']],
    [['picon', 'drain', ''], ['piclusternode0', 'p1', 'p2', 'p3', 'p4', 'pibplus', 'pi3']],
    [['picon', 'restart', 'p1', ''], ['nginx', 'webapp']],
    [['picon', 'bench', ''], ['homepage', 'uncached', 'pi3-nginx', 'pi3-app', 'zero-app', 'history', 'compare']],
    [['picon', 'bench', '--engine', ''], ['builtin', 'ab']],
    [['picon', '--profile', 'pi-'], ['pi-cluster']],
    [['picon', '--profile', '=', 'pi-'], ['pi-cluster']],
    [['picon', 'drain', 'p1', '--wait-'], ['--wait-timeout']],
    [['picon', 'profile', 'validate', 'profiles/pi-c'], ['profiles/pi-cluster.yaml']],
    [['picon', '--profile', 'no-such-profile', 'drain', ''], []],
  ])('%j → %j', (words, expected) => {
    expect(bash(words)).toEqual(expected);
  });

  it('picon completion with no shell or another one says which shells it knows, exit 2', () => {
    const r = spawnSync('picon', ['completion', 'tcsh'], { env, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('picon: completion: the shell must be bash, zsh or fish (got "tcsh")');
  });
});

describe.runIf(has('zsh'))('zsh', () => {
  /** _describe and _files only work inside a completion widget: stand-ins print what _picon hands them. */
  function zsh(words: string[]): string[] {
    const array = words.map((w) => `'${w}'`).join(' ');
    const script = [
      'autoload -Uz compinit; compinit -u -D',
      'source <(picon completion zsh)',
      'print -r -- "compdef:$_comps[picon]"',
      '_describe() { print -rl -- "${(@P)4}" }',
      '_files() { print -r -- "files:$*" }',
      `words=(${array}); CURRENT=${words.length}; _picon`,
    ].join('\n');
    return run('zsh', ['-fc', script]).split('\n').filter((l) => l !== '');
  }

  it('the script registers _picon; candidates reach _describe with their help', () => {
    expect(zsh(['picon', 'restart', 'p1', ''])).toEqual(['compdef:_picon', 'nginx', 'webapp']);
    expect(zsh(['picon', 'drain', 'p1', '--wait-'])).toEqual(['compdef:_picon', '--wait-timeout:give up waiting after S seconds (default 120)']);
    expect(zsh(['picon', 'profile', 'validate', ''])).toEqual(['compdef:_picon', 'files:']);
    expect(zsh(['picon', 'lab', 'up', '--dir', ''])).toEqual(['compdef:_picon', 'files:-/']);
  });
});

describe.runIf(has('fish'))('fish', () => {
  function fish(line: string): string[] {
    return run('fish', ['-c', `picon completion fish | source; complete -C ${JSON.stringify(line)}`]).split('\n').filter((l) => l !== '');
  }

  it('complete -C gives the values and the flags with their help', () => {
    expect(fish('picon restart p1 ')).toEqual(['nginx', 'webapp']);
    expect(fish('picon bench --engine ')).toEqual(['ab', 'builtin']); // fish sorts them
    expect(fish('picon drain p1 --wait-')).toEqual(['--wait-timeout\tgive up waiting after S seconds (default 120)']);
    expect(fish('picon profile validate profiles/pi-c')).toEqual(['profiles/pi-cluster.yaml']);
  });
});
