import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The picon commands shown in README.md and docs/*.md (docs/lab.md, "The docs test"): every line
 * starting with `picon ` or `./bin/picon ` (after an optional `$ `) in a ```sh, ```console, ```bash
 * or plain ``` block. `<!-- not-run: WHY -->` on the line before a block marks all of its lines; a
 * line whose comment says `(not run: WHY)` marks that line; a comment with `exits N` gives the
 * exit code the text promises (0 otherwise).
 */

export interface DocCommand {
  readonly file: string;
  readonly line: number;
  /** The command as written, without its comment. */
  readonly text: string;
  readonly expectedExit: number;
  /** Why it is not run, when the doc says so. */
  readonly notRun?: string;
}

const COMMAND_BLOCKS = new Set(['sh', 'console', 'bash', '']);

export function docFiles(root: string): string[] {
  const docs = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...docs.map((f) => path.join('docs', f))];
}

export function docCommands(file: string, text: string): DocCommand[] {
  const found: DocCommand[] = [];
  const lines = text.split('\n');
  let fence: string | undefined;
  let blockNotRun: string | undefined;
  lines.forEach((raw, index) => {
    const open = /^\s*```(\S*)/.exec(raw);
    if (open !== null) {
      if (fence === undefined) {
        fence = open[1] ?? '';
        const before = lines.slice(0, index).reverse().find((l) => l.trim() !== '');
        blockNotRun = /<!--\s*not-run:\s*(.*?)\s*-->/.exec(before ?? '')?.[1];
      } else fence = undefined;
      return;
    }
    if (fence === undefined || !COMMAND_BLOCKS.has(fence)) return;
    const line = raw.trim().replace(/^\$ /, '');
    if (!/^(\.\/bin\/)?picon(\s|$)/.test(line)) return;
    const hash = line.search(/\s#/);
    // `picon completion fish | source`: picon's part of a pipeline is what the test runs.
    const command = (hash >= 0 ? line.slice(0, hash) : line).split(/\s\|\s/)[0]?.trim() ?? '';
    const comment = hash >= 0 ? line.slice(hash) : '';
    const lineNotRun = /\(not run:\s*([^)]*)\)/.exec(comment)?.[1];
    const exits = /\bexits (\d+)\b/.exec(comment)?.[1];
    const notRun = blockNotRun ?? lineNotRun;
    found.push({ file, line: index + 1, text: command, expectedExit: exits === undefined ? 0 : Number(exits), ...(notRun !== undefined && { notRun }) });
  });
  return found;
}

export function allDocCommands(root: string): DocCommand[] {
  return docFiles(root).flatMap((file) => docCommands(file, readFileSync(path.join(root, file), 'utf8')));
}

/**
 * The words of a command line as the test runs it: `[optional]` parts left out, placeholders
 * filled from `values` (NODE → p1, …). A placeholder without a value stays, so picon refuses it
 * and the test fails: a doc must mark what cannot run.
 */
export function commandWords(text: string, values: Readonly<Record<string, string>>): string[] {
  let bare = text;
  // Innermost first: `[--wait [--wait-timeout S]]`.
  for (let before = ''; before !== bare; ) [before, bare] = [bare, bare.replace(/\s*\[[^[\]]*\]/g, '')];
  const words = bare.split(/\s+/).filter((w) => w !== '');
  return words.slice(1).map((w) => values[w] ?? w);
}
