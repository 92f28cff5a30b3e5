/**
 * What picon can take from an Ansible `ansible_ssh_common_args` string: a jump host (`-J HOST`,
 * `-o ProxyJump=HOST`) and a known_hosts file (`-o UserKnownHostsFile=FILE`). Everything else
 * is handed back word by word so the import can name it. Ansible splits the string as a shell
 * would (Python's shlex), so quotes and backslashes are honoured here the same way.
 */

export interface SshCommonArgs {
  /** `[user@]host[:port]`, or several hops separated by commas, as written. */
  readonly proxyJump?: string;
  readonly userKnownHostsFile?: string;
  /** What picon does not use, as written (`-o StrictHostKeyChecking=no`, `-C`). */
  readonly others: readonly string[];
}

export type SplitResult = { readonly ok: true; readonly words: readonly string[] } | { readonly ok: false; readonly reason: string };

/** shlex.split in POSIX mode: '…' literal, "…" with \" \\ \$ \`, a backslash outside quotes escapes one character. */
export function shellSplit(text: string): SplitResult {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i += 1;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { ok: false, reason: 'has an unclosed single quote' };
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let part = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1] as string)) j += 1;
        part += text[j] as string;
        j += 1;
      }
      if (j >= text.length) return { ok: false, reason: 'has an unclosed double quote' };
      word = (word ?? '') + part;
      i = j + 1;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return { ok: false, reason: 'ends with a backslash' };
      word = (word ?? '') + (text[i + 1] as string);
      i += 2;
    } else {
      word = (word ?? '') + ch;
      i += 1;
    }
  }
  if (word !== undefined) words.push(word);
  return { ok: true, words };
}

/** `ProxyJump=x`, `ProxyJump x`, `proxyjump = x` (ssh_config keywords are case-insensitive). */
function sshOption(text: string): { key: string; value: string } | undefined {
  const match = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(text);
  return match === null ? undefined : { key: (match[1] as string).toLowerCase(), value: match[2] as string };
}

export function parseSshCommonArgs(text: string): { ok: true; args: SshCommonArgs } | { ok: false; reason: string } {
  const split = shellSplit(text);
  if (!split.ok) return split;
  const others: string[] = [];
  let proxyJump: string | undefined;
  let userKnownHostsFile: string | undefined;
  const take = (option: string, asWritten: string): void => {
    const parsed = sshOption(option);
    if (parsed?.key === 'proxyjump') proxyJump = parsed.value;
    else if (parsed?.key === 'userknownhostsfile') userKnownHostsFile = parsed.value;
    else others.push(asWritten);
  };
  const words = split.words;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    if (word === '-J' || word === '-o') {
      const value = words[i + 1];
      if (value === undefined) {
        others.push(word);
        continue;
      }
      i += 1;
      if (word === '-J') proxyJump = value;
      else take(value, `-o ${value}`);
    } else if (word.startsWith('-J')) {
      proxyJump = word.slice(2);
    } else if (word.startsWith('-o')) {
      take(word.slice(2), word);
    } else {
      others.push(word);
    }
  }
  return {
    ok: true,
    args: {
      ...(proxyJump !== undefined && { proxyJump }),
      ...(userKnownHostsFile !== undefined && { userKnownHostsFile }),
      others,
    },
  };
}

/** `user@host:port` → its parts; `[v6]:port` too. */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  const at = spec.lastIndexOf('@');
  const user = at >= 0 ? spec.slice(0, at) : undefined;
  const rest = at >= 0 ? spec.slice(at + 1) : spec;
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
  const host = match === null ? rest : (match[1] as string);
  const port = match?.[2] !== undefined ? Number(match[2]) : undefined;
  return { ...(user !== undefined && { user }), host, ...(port !== undefined && { port }) };
}
