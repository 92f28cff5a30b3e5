import type { EngineName } from './load-test-result.js';
import { failure, success, type Result } from '../result.js';

/**
 * How a run checks an https target's certificate, decided with the plan. Pure. The built-in
 * engine checks it by default (Node's CA list, or the given CA file); ab cannot check one at all
 * (it takes any certificate), so ab on https runs only when the user says --insecure.
 */

export interface TlsChoice {
  /** The CA file (absolute path) the certificate is checked against. */
  readonly ca?: string;
  /** The certificate is not checked. */
  readonly insecure?: true;
}

export interface TlsInput {
  readonly url: string;
  readonly engine: EngineName;
  /** `--ca FILE`. */
  readonly caFlag?: string;
  readonly insecure?: boolean;
  /** The profile's tls.ca, absolute. */
  readonly profileCa?: string;
}

export type TlsPlanResult = Result<TlsChoice>;

export function planTls(input: TlsInput): TlsPlanResult {
  const https = input.url.startsWith('https:');
  const insecure = input.insecure === true;
  if (input.caFlag !== undefined && insecure) return failure('give --ca FILE or --insecure, not both');
  if (!https) {
    if (input.caFlag !== undefined) return failure(`--ca is for an https target; ${input.url} is plain http`);
    if (insecure) return failure(`--insecure is for an https target; ${input.url} is plain http`);
    return success({});
  }
  if (input.engine === 'ab') {
    if (input.caFlag !== undefined) {
      return failure('--ca: ab cannot check a certificate against a CA; use the built-in engine, or --insecure to let ab run unchecked');
    }
    if (!insecure) {
      return failure(`ab does not check the certificate of ${input.url}; add --insecure to run it unchecked, or use the built-in engine (which checks it, with --ca FILE for a private CA)`);
    }
    return success({ insecure: true });
  }
  if (insecure) return success({ insecure: true });
  const ca = input.caFlag ?? input.profileCa;
  return success(ca === undefined ? {} : { ca });
}

/** Why a CA file's text is not PEM certificates, or undefined. */
export function pemCertificateProblem(text: string): string | undefined {
  const begins = text.match(/^-----BEGIN CERTIFICATE-----\r?$/gm)?.length ?? 0;
  const ends = text.match(/^-----END CERTIFICATE-----\r?$/gm)?.length ?? 0;
  if (begins === 0) return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) ? 'is a private key, not a CA certificate' : 'is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line)';
  if (begins !== ends) return 'has a certificate with no "-----END CERTIFICATE-----" line';
  return undefined;
}
