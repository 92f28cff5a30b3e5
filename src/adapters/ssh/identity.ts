import { readFile } from 'node:fs/promises';
import ssh2, { type ParsedKey } from 'ssh2';

/** Asks for a key's passphrase (on the terminal); undefined = the user declined. */
export type PassphrasePrompt = (file: string) => Promise<string | undefined>;

export interface LoadedIdentity {
  readonly file: string;
  readonly key: ParsedKey;
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
  /** Encrypted key files left out because no passphrase was given (none could be asked, or declined). */
  private readonly locked = new Set<string>();

  constructor(
    private readonly prompt?: PassphrasePrompt,
    private readonly askAgent?: () => Promise<readonly Buffer[]>,
  ) {}

  /** Which of these files were left out as encrypted with no passphrase given. */
  lockedAmong(files: readonly string[]): string[] {
    return files.filter((f) => this.locked.has(f));
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
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      return undefined;
    }
    let parsed = ssh2.utils.parseKey(data);
    if (parsed instanceof Error && /encrypted/i.test(parsed.message) && this.prompt !== undefined) {
      if (await this.agentHolds(file)) return undefined;
      const passphrase = await this.prompt(file);
      if (passphrase === undefined) {
        this.locked.add(file);
        return undefined;
      }
      parsed = ssh2.utils.parseKey(data, passphrase);
    } else if (parsed instanceof Error && /encrypted/i.test(parsed.message)) {
      this.locked.add(file);
    }
    if (parsed instanceof Error) return undefined;
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    return key === undefined ? undefined : { file, key };
  }

  private async agentHolds(file: string): Promise<boolean> {
    if (this.askAgent === undefined) return false;
    let publicKey: ParsedKey | Error | ParsedKey[];
    try {
      publicKey = ssh2.utils.parseKey(await readFile(`${file}.pub`));
    } catch {
      return false;
    }
    const key = Array.isArray(publicKey) ? publicKey[0] : publicKey;
    if (key === undefined || key instanceof Error) return false;
    this.agentKeys ??= this.askAgent();
    const blob = key.getPublicSSH();
    return (await this.agentKeys).some((held) => held.equals(blob));
  }
}
