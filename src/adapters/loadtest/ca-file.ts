import { X509Certificate } from 'node:crypto';
import { readRegularFile } from '../files/read-regular-file.js';
import { pemCertificateProblem } from '../../core/loadtest/tls-plan.js';
import { failure, success, type Result } from '../../core/result.js';

/** The CA file a run checks https against (`--ca FILE` or the profile's tls.ca), read and checked before anything runs. */

const MAX_CA_BYTES = 1024 * 1024;

export type CaFile = Result<string>;

/** `origin` names where the file was given: "--ca" or "tls.ca". */
export async function readCaFile(file: string, origin: string): Promise<CaFile> {
  const read = await readRegularFile(file, MAX_CA_BYTES, 'a CA certificate file');
  if (!read.ok) return failure(`${origin} ${file} ${read.reason}`);
  const pem = read.bytes.toString('utf8');
  const problem = pemCertificateProblem(pem);
  if (problem !== undefined) return failure(`${origin} ${file} ${problem}`);
  try {
    new X509Certificate(pem);
  } catch (error) {
    return failure(`${origin} ${file} is not a readable PEM certificate (${(error as Error).message})`);
  }
  return success(pem);
}

/** The plan's CA, read: nothing when it has none; `fromFlag` when --ca named it (else the profile's tls.ca did). */
export async function caOfPlan(plan: { readonly ca?: string }, fromFlag: boolean): Promise<CaFile | undefined> {
  return plan.ca === undefined ? undefined : readCaFile(plan.ca, fromFlag ? '--ca' : 'tls.ca');
}
