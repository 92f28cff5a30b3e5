import ssh2, { type ParsedKey } from 'ssh2';
import { readRegularFile, type ReadRefusal } from '../files/read-regular-file.js';

/** Asks for a key's passphrase (on the terminal); undefined = the user declined. */
export type PassphrasePrompt = (file: string) => Promise<string | undefined>;

export interface LoadedIdentity {
  readonly file: string;
  readonly key: ParsedKey;
}

/** Why a key file gave no key. */
type IdentityProblem =
  | { readonly kind: 'read'; readonly refusal: ReadRefusal; readonly reason: string }
  | { readonly kind: 'not-a-key'; readonly reason: string }
  | { readonly kind: 'wrong-passphrase' }
  | { readonly kind: 'locked' };

/** OpenSSH (and ssh-keygen) refuse key files larger than this. */
const MAX_KEY_BYTES = 1024 * 1024;

function describeProblem(file: string, problem: IdentityProblem): string {
  switch (problem.kind) {
    case 'read':
      return `identity file ${file} ${problem.reason}`;
    case 'not-a-key':
      return `identity file ${file} is not a private key picon can read (${problem.reason})`;
    case 'wrong-passphrase':
      return `wrong passphrase for ${file}`;
    case 'locked':
      return `${file} is encrypted and no passphrase was given: ssh-add it`;
  }
}

/**
 * Loads private keys once per process. Passphrases are asked for once, used to decrypt, and
 * never kept or logged; only the decrypted key lives in memory. Like OpenSSH, an encrypted key
 * whose public key (`FILE.pub`) the ssh-agent holds is left to the agent, which is tried first:
 * no passphrase is asked for it.
 */
export class IdentityStore {
  private readonly cache = new Map<string, Promise<LoadedIdentity | undefined>>();
  private agentKeys: Promise<readonly Buffer[]> | undefined;
  /** Key files that gave no key, and why. */
  private readonly problems = new Map<string, IdentityProblem>();

  constructor(
    private readonly prompt?: PassphrasePrompt,
    private readonly askAgent?: () => Promise<readonly Buffer[]>,
  ) {}

  /**
   * Why these files gave no key, one phrase each ("identity file X does not exist", "wrong
   * passphrase for X"). A missing file counts only when `named` holds it: OpenSSH's default key
   * names are tried whether they exist or not.
   */
  problemsAmong(files: readonly string[], named: readonly string[]): string[] {
    return files.flatMap((file) => {
      const problem = this.problems.get(file);
      if (problem === undefined) return [];
      if (problem.kind === 'read' && problem.refusal === 'missing' && !named.includes(file)) return [];
      return [describeProblem(file, problem)];
    });
  }

  load(files: readonly string[]): Promise<LoadedIdentity[]> {
    return Promise.all(files.map((f) => this.loadOne(f))).then((keys) =>
      keys.filter((k): k is LoadedIdentity => k !== undefined),
    );
  }

  private loadOne(file: string): Promise<LoadedIdentity | undefined> {
    let pending = this.cache.get(file);
    if (pending === undefined) {
      pending = this.read(file);
      this.cache.set(file, pending);
    }
    return pending;
  }

  private async read(file: string): Promise<LoadedIdentity | undefined> {
    const read = await readRegularFile(file, MAX_KEY_BYTES, 'a key file');
    if (!read.ok) return this.skip(file, { kind: 'read', refusal: read.refusal, reason: read.reason });
    const data = read.bytes;
    let parsed = ssh2.utils.parseKey(data);
    if (parsed instanceof Error && /encrypted/i.test(parsed.message)) {
      if (this.prompt === undefined) return this.skip(file, { kind: 'locked' });
      if (await this.agentHolds(file)) return undefined;
      const passphrase = await this.prompt(file);
      if (passphrase === undefined) return this.skip(file, { kind: 'locked' });
      parsed = ssh2.utils.parseKey(data, passphrase);
      if (parsed instanceof Error) return this.skip(file, { kind: 'wrong-passphrase' });
    }
    if (parsed instanceof Error) return this.skip(file, { kind: 'not-a-key', reason: parsed.message });
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    return key === undefined ? this.skip(file, { kind: 'not-a-key', reason: 'no key in it' }) : { file, key };
  }

  private skip(file: string, problem: IdentityProblem): undefined {
    this.problems.set(file, problem);
    return undefined;
  }

  private async agentHolds(file: string): Promise<boolean> {
    if (this.askAgent === undefined) return false;
    const read = await readRegularFile(`${file}.pub`, MAX_KEY_BYTES, 'a public key file');
    if (!read.ok) return false;
    const publicKey = ssh2.utils.parseKey(read.bytes);
    const key = Array.isArray(publicKey) ? publicKey[0] : publicKey;
    if (key === undefined || key instanceof Error) return false;
    this.agentKeys ??= this.askAgent();
    const blob = key.getPublicSSH();
    return (await this.agentKeys).some((held) => held.equals(blob));
  }
}
