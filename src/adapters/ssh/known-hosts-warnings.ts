import type { LoadedKnownHosts } from './known-hosts-file.js';

/**
 * What went wrong reading known_hosts files, said once per file per run: a file that could not be
 * read (its keys, @revoked lines too, were not checked — as OpenSSH, picon goes on with the
 * others, but says so), and malformed lines skipped (the first, and how many more).
 */

export interface KnownHostsWarning {
  readonly file: string;
  readonly text: string;
}

export function knownHostsWarnings(loaded: LoadedKnownHosts): KnownHostsWarning[] {
  const unreadable = loaded.unreadable.map((u) => ({
    file: u.file,
    text: `${u.file} ${u.reason}: its host keys, @revoked ones too, were not checked`,
  }));
  const byFile = new Map<string, LoadedKnownHosts['problems'][number][]>();
  for (const p of loaded.problems) byFile.set(p.source, [...(byFile.get(p.source) ?? []), p]);
  const malformed = [...byFile].map(([file, [first, ...more]]) => ({
    file,
    text: `${file}:${first?.line ?? 0}: skipped a malformed line: ${first?.reason ?? ''}${more.length > 0 ? ` (and ${more.length} more in this file)` : ''}`,
  }));
  return [...unreadable, ...malformed];
}

export interface KnownHostsWarner {
  /** Called with every read of the files; new problems are said, known ones are not. */
  report(loaded: LoadedKnownHosts): void;
  /** Where lines go from now on; lines reported before are handed over first. */
  attach(sink: (line: string) => void): void;
}

/** For a command: each line on stderr as `picon: warning: …`. */
export function stderrKnownHostsWarner(stderr: NodeJS.WritableStream): KnownHostsWarner {
  return createKnownHostsWarner((line) => stderr.write(`picon: warning: ${line}\n`));
}

export function createKnownHostsWarner(sink?: (line: string) => void): KnownHostsWarner {
  const said = new Set<string>();
  const waiting: string[] = [];
  let target = sink;
  return {
    report(loaded) {
      for (const w of knownHostsWarnings(loaded)) {
        const key = `${w.file}\n${w.text.startsWith(`${w.file}:`) ? 'lines' : 'read'}`;
        if (said.has(key)) continue;
        said.add(key);
        if (target === undefined) waiting.push(w.text);
        else target(w.text);
      }
    },
    attach(next) {
      target = next;
      for (const line of waiting.splice(0)) next(line);
    },
  };
}
