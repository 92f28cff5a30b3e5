import { describe, expect, it } from 'vitest';
import { flagApplies } from '../../src/cli/command-spec.js';
import { COMMANDS, findCommand } from '../../src/cli/commands.js';
import { renderCommandHelp, renderHelp } from '../../src/cli/help.js';
import { COMPARE_FORMATS } from '../../src/core/loadtest/compare-table.js';
import { ENGINE_NAMES } from '../../src/core/loadtest/load-test-result.js';
import { ACTION_USAGE } from '../../src/core/actions/parse-action-args.js';

const help = (name: string) => renderCommandHelp(findCommand(name)!);

describe('picon COMMAND --help, from the command table', () => {
  it('a command without flags: its usage and summary only', () => {
    expect(help('trust')).toBe("usage: picon trust NODE\n  Show a node's host key fingerprint and add it to known_hosts\n");
  });

  it('flags one a line, their help in one column', () => {
    const lines = help('drain').split('\n');
    expect(lines[0]).toBe('usage: picon drain NODE [--wait [--wait-timeout S]] [--backend B] [--force] [--lock-wait S]');
    expect(lines).toContain('  --wait            wait until its current sessions reach 0, showing progress');
    expect(lines).toContain('  --lock-wait S     wait up to S seconds for another picon\'s lock on HAProxy (default 10)');
  });

  it('an enum shows its values; a short flag its long alias; subcommand forms come before the flags', () => {
    const text = help('bench');
    expect(text).toContain('  --engine builtin|ab         picon\'s own engine');
    expect(text).toContain('  -c N, --concurrency ');
    expect(text).toContain('  --format human|md|csv|json  how compare prints its table');
    expect(text.indexOf('picon bench compare RUN...')).toBeLessThan(text.indexOf('\n  -c N'));
  });

  it('picon --help lists every command and the global flags', () => {
    const text = renderHelp(COMMANDS, '9.9.9');
    for (const c of COMMANDS) expect(text).toMatch(new RegExp(`^  ${c.name}\\s+${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(text).toContain('  --yes, -y  ');
    expect(text).toMatch(/^ {2}--profile NAME\|PATH, -p {2}cluster profile/m);
  });
});

describe('the command table agrees with the parsers', () => {
  it("bench's --engine and --format values are the run engines and the compare formats", () => {
    const bench = findCommand('bench')!;
    const values = (name: string) => { const f = bench.flags!.find((x) => x.name === name)!; return f.value.kind === 'enum' ? f.value.values : []; };
    expect(values('--engine')).toEqual(ENGINE_NAMES.filter((e) => e !== 'wrk'));
    expect(values('--format')).toEqual(COMPARE_FORMATS);
  });

  it('every action names in its table usage the flags the action parser takes', () => {
    for (const [kind, usage] of Object.entries(ACTION_USAGE)) {
      const entry = findCommand(kind)!;
      const flagsInUsage = [...usage.matchAll(/--[a-z-]+/g)].map((m) => m[0]).sort();
      expect(entry.flags!.filter((f) => flagApplies(f, '')).map((f) => f.name).sort(), kind).toEqual(flagsInUsage);
    }
  });
});
