import { createHash } from 'node:crypto';

/** OpenSSH's fingerprint: "SHA256:" and the unpadded base64 of the SHA-256 of the key blob. */
export function sha256Fingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
