import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS, CONSOLE_FLAGS, findCommand, GLOBAL_FLAGS, type CommandEntry } from './commands.js';
import { EXIT_BAD_INPUT, UsageError } from './exit-codes.js';
import { splitArgs } from './global-flags.js';
import { keepGoingWhenStdoutCloses } from './closed-stdout.js';
import { renderCommandHelp, renderHelp } from './help.js';
import { refuseIfReadOnly } from './read-only.js';
import { writeJson, writeJsonError } from './json-output.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** `--json` anywhere before `--`, known even when the rest of the line cannot be read. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** A command's table entry as data: everything but how it is loaded. */
function commandData(entry: CommandEntry): object {
  const { load: _load, effect: _effect, ...spec } = entry;
  return spec;
}

function reportError(error: unknown, json: boolean): number {
  if (json) {
    const usage = error instanceof UsageError;
    writeJsonError(process, {
      code: usage ? error.kind : 'internal',
      message: error instanceof Error ? error.message : String(error),
      ...(usage && error.hint !== undefined && { hint: error.hint }),
    });
    if (!usage) process.stderr.write(`picon: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return usage ? EXIT_BAD_INPUT : 70;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`picon: ${error.message}\n`);
    if (error.hint !== undefined) process.stderr.write(`  ${error.hint}\n`);
    return EXIT_BAD_INPUT;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`picon: internal error: ${message}\n`);
  return 70;
}

async function main(argv: readonly string[]): Promise<number> {
  keepGoingWhenStdoutCloses(process.stdout);
  if (argv[0] === '__complete') {
    const { runComplete } = await import('./completion/complete-command.js');
    return runComplete(argv.slice(1), { env: process.env, packageRoot, stdout: process.stdout });
  }
  const split = splitArgs(argv);
  if (split.version) {
    if (split.globals.json) writeJson(process, 'version', { version: version() });
    else process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (split.help && split.command === undefined) {
    if (split.globals.json) writeJson(process, 'help', { version: version(), globalFlags: GLOBAL_FLAGS, consoleFlags: CONSOLE_FLAGS, commands: COMMANDS.map(commandData) });
    else process.stdout.write(renderHelp(COMMANDS, version()));
    return 0;
  }
  const ctxBase = {
    globals: split.globals,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    packageRoot,
  };
  if (split.globals.json && (split.command === undefined || split.command === 'wall')) {
    throw new UsageError(`${split.command === undefined ? 'the console' : 'picon wall'} is interactive and has no --json`, 'For one snapshot as data: picon status --json');
  }
  if (split.command === undefined) {
    const consoleCommand = await import('./commands/console.js');
    return consoleCommand.run({ ...ctxBase, args: split.rest });
  }
  const entry = findCommand(split.command);
  if (entry === undefined) {
    throw new UsageError(`unknown command "${split.command}"`, 'Run `picon --help` for the list of commands.');
  }
  if (split.help) {
    if (split.globals.json) writeJson(process, 'command-help', { command: commandData(entry) });
    else process.stdout.write(renderCommandHelp(entry));
    return 0;
  }
  refuseIfReadOnly(split.globals.readOnly, entry, split.rest);
  const mod = await entry.load();
  return mod.run({ ...ctxBase, args: split.rest });
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error, wantsJson(argv));
  },
);
