import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS, findCommand } from './commands.js';
import { EXIT_BAD_INPUT, UsageError } from './exit-codes.js';
import { splitArgs } from './global-flags.js';
import { renderCommandHelp, renderHelp } from './help.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function reportError(error: unknown): number {
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
  if (argv[0] === '__complete') {
    const { runComplete } = await import('./completion/complete-command.js');
    return runComplete(argv.slice(1), { env: process.env, packageRoot, stdout: process.stdout });
  }
  const split = splitArgs(argv);
  if (split.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (split.help && split.command === undefined) {
    process.stdout.write(renderHelp(COMMANDS, version()));
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
  if (split.command === undefined) {
    const consoleCommand = await import('./commands/console.js');
    return consoleCommand.run({ ...ctxBase, args: split.rest });
  }
  const entry = findCommand(split.command);
  if (entry === undefined) {
    throw new UsageError(`unknown command "${split.command}"`, 'Run `picon --help` for the list of commands.');
  }
  if (split.help) {
    process.stdout.write(renderCommandHelp(entry));
    return 0;
  }
  const mod = await entry.load();
  return mod.run({ ...ctxBase, args: split.rest });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error);
  },
);
