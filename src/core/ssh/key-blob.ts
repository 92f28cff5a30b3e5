import type { Result } from '../result.js';
/**
 * SSH public keys travel as a wire-format blob (RFC 4253 §6.6): a string naming the key type,
 * then type-specific fields, each a uint32 length and bytes. known_hosts stores the same blob
 * in base64. Checking the field layout catches truncated and pasted-wrong keys.
 */

/** Fields after the type name, for the plain key types OpenSSH accepts in known_hosts. */
const LAYOUTS: Readonly<Record<string, { readonly fields: number; readonly check?: (fields: Buffer[]) => boolean }>> = {
  'ssh-ed25519': { fields: 1, check: ([pk]) => pk?.length === 32 },
  'ssh-ed448': { fields: 1, check: ([pk]) => pk?.length === 57 },
  'ssh-rsa': { fields: 2 },
  'ssh-dss': { fields: 4 },
  'ecdsa-sha2-nistp256': { fields: 2, check: ([curve]) => curve?.toString('latin1') === 'nistp256' },
  'ecdsa-sha2-nistp384': { fields: 2, check: ([curve]) => curve?.toString('latin1') === 'nistp384' },
  'ecdsa-sha2-nistp521': { fields: 2, check: ([curve]) => curve?.toString('latin1') === 'nistp521' },
  'sk-ssh-ed25519@openssh.com': { fields: 2, check: ([pk]) => pk?.length === 32 },
  'sk-ecdsa-sha2-nistp256@openssh.com': { fields: 3, check: ([curve]) => curve?.toString('latin1') === 'nistp256' },
};

function readStrings(blob: Buffer): Buffer[] | undefined {
  const fields: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(at);
    if (at + 4 + length > blob.length) return undefined;
    fields.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}

/** The blob's key type when it is a complete key of a type OpenSSH knows. */
export function checkKeyBlob(blob: Buffer): Result<string> {
  const fields = readStrings(blob);
  const typeField = fields?.[0];
  if (fields === undefined || typeField === undefined) return { ok: false, reason: 'not an SSH public key (truncated?)' };
  const type = typeField.toString('latin1');
  if (!/^[\x21-\x7e]{1,64}$/.test(type)) return { ok: false, reason: 'not an SSH public key' };
  const layout = LAYOUTS[type];
  if (layout === undefined) return { ok: false, reason: `unsupported key type "${type}"` };
  const rest = fields.slice(1);
  if (rest.length !== layout.fields || (layout.check !== undefined && !layout.check(rest))) {
    return { ok: false, reason: `${type} key is malformed (truncated?)` };
  }
  return { ok: true, value: type };
}
