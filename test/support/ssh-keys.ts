import ssh2 from 'ssh2';

type KeyType = 'ed25519' | 'ecdsa' | 'rsa';

/**
 * ssh2's generateKeyPairSync makes an ed25519 private key it cannot parse back about once in 400
 * (ssh2 1.17): generate until the pair parses, so tests that use one never flake.
 */
export function generateKeyPair(type: KeyType, options?: { bits: number }): { private: string; public: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = options === undefined ? ssh2.utils.generateKeyPairSync(type as 'ed25519') : ssh2.utils.generateKeyPairSync(type as 'rsa', options);
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error(`could not generate a usable ${type} key`);
}
