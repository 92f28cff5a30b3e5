import net from 'node:net';
import tls from 'node:tls';
import type { PreparedRequest } from '../../core/loadtest/http-request.js';

/**
 * One TLS handshake before a built-in run starts, so that a certificate picon does not trust ends
 * the run at once with one line naming the target, rather than as a stream of failed requests.
 * Anything else (refused, no answer) is left to the run, which reports it as it always has.
 */

const CHECK_TIMEOUT_MS = 5_000;

/** Node's codes for a certificate that failed verification. */
export function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /CERT|UNABLE_TO_VERIFY|SELF_SIGNED/.test(code));
}

export function untrustedLine(url: string, message: string, withCa: boolean): string {
  const fix = withCa ? 'check that --ca (or the profile\'s tls.ca) is the CA that signed it, or give --insecure' : "give --ca FILE (the CA that signed it; or tls.ca in the profile) or --insecure";
  return `${url}: the server's certificate is not trusted (${message}); ${fix}`;
}

export function checkCertificate(url: string, request: PreparedRequest, options: { readonly ca?: string }): Promise<string | undefined> {
  return new Promise((resolve) => {
    const { host, port } = request;
    const socket = tls.connect({ host, port, servername: net.isIP(host) === 0 ? host : undefined, ALPNProtocols: ['http/1.1'], ...(options.ca !== undefined && { ca: options.ca }) });
    const done = (line: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(line);
    };
    const timer = setTimeout(() => done(undefined), CHECK_TIMEOUT_MS);
    socket.once('secureConnect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(isCertificateError(error.code) ? untrustedLine(url, error.message, options.ca !== undefined) : undefined));
  });
}
