/**
 * POSIX single-quoting: the only way an argument reaches a remote shell.
 * Inside single quotes nothing is special except the quote itself, which is closed,
 * escaped and reopened: it's  ->  'it'\''s'.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('NUL byte in a shell argument');
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line for a remote shell, built only by the builders in src/core/remote. */
export interface RemoteCommand {
  readonly text: string;
}

/** Joins a fixed program/argv into one command with every argument quoted. */
export function remoteCommand(argv: readonly string[]): RemoteCommand {
  if (argv.length === 0) throw new Error('empty command');
  return { text: argv.map(shellQuote).join(' ') };
}

/**
 * Fills a fixed template such as `sudo -n systemctl restart {service}`. The template text is
 * the operator's own (from the profile); every placeholder value is single-quoted.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): RemoteCommand {
  const text = template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`unknown placeholder ${whole} in template "${template}"`);
    return shellQuote(value);
  });
  return { text };
}
