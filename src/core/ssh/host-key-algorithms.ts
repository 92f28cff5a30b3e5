/**
 * Like OpenSSH's order_hostkeyalgs: offer the host key algorithms whose key type known_hosts
 * already holds for the host first, so a host known by its RSA key is not met with a new
 * Ed25519 key (which would read as "changed").
 */

/** The signature algorithms that use a key of this type (RFC 8332 for RSA). */
export function algorithmsForKeyType(type: string): string[] {
  return type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type];
}

export function orderHostKeyAlgorithms(
  knownTypes: readonly string[],
  defaults: readonly string[],
  supported: readonly string[],
): string[] {
  const preferred = knownTypes.flatMap(algorithmsForKeyType).filter((a) => supported.includes(a));
  return [...new Set([...preferred, ...defaults])];
}
