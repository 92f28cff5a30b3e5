import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { labFiles, type LabPlan } from './lab-plan.js';

/**
 * The lab's own certificate authority, made at `lab up` with Debian's openssl: a CA key and
 * certificate (`ca.pem`, what load tests trust with --ca or the lab profile's tls.ca) and a server
 * certificate for the head, naming its address (subjectAltName IP) and its name, that HAProxy
 * serves on the https frontend. ECDSA P-256, as a current ACME client issues by default.
 */

const run = promisify(execFile);
const DAYS = '825';
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function serverExtensions(address: string, name: string): string {
  return [`subjectAltName=IP:${address},DNS:${name}`, 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', ''].join('\n');
}

export async function writeLabCertificates(plan: LabPlan, openssl: string): Promise<void> {
  const { head } = plan;
  const caKey = labFiles.caKey(plan.dir);
  const caCert = labFiles.caCert(plan.dir);
  const work = (name: string): string => path.join(head.dir, name);
  await run(openssl, ['req', '-x509', ...EC, '-keyout', caKey, '-out', caCert, '-days', DAYS, '-subj', `/CN=picon lab CA ${plan.subnet}`, '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run(openssl, ['req', '-new', ...EC, '-keyout', work('tls.key'), '-out', work('tls.csr'), '-subj', `/CN=${head.name}`]);
  await writeFile(work('tls.ext'), serverExtensions(head.address, head.name), { mode: 0o600 });
  await run(openssl, [
    'x509', '-req', '-in', work('tls.csr'), '-CA', caCert, '-CAkey', caKey, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-days', DAYS, '-out', work('tls.crt'), '-extfile', work('tls.ext'),
  ]);
  // HAProxy's `crt` takes the certificate and its key in one file.
  const pem = `${await readFile(work('tls.crt'), 'utf8')}${await readFile(work('tls.key'), 'utf8')}`;
  await writeFile(labFiles.headTlsPem(head), pem, { mode: 0o600 });
  await Promise.all(['tls.key', 'tls.csr', 'tls.ext', 'tls.crt'].map((f) => rm(work(f), { force: true })));
}
