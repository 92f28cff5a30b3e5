import { fillTemplate, type RemoteCommand } from '../remote/shell-quote.js';
import { commandBatch, type BatchResult } from './command-batch.js';
import { failure, type Result, success } from '../result.js';

/**
 * Service checks: the profile's `isActive` template (exit status 0 = running) for every
 * configured service, in one batch.
 */

export type ServiceState =
  | { readonly running: true; readonly detail: string }
  | { readonly running: false; readonly detail: string };

export function serviceCheckCommand(template: string, node: string, services: readonly string[]): RemoteCommand {
  return commandBatch(services.map((service) => fillTemplate(template, { service, node })));
}

const NOT_RUNNABLE = new Set([126, 127]);

/**
 * A failing check that says it could not ask, rather than that the service is down: sudo
 * refusing (a `sudo -n …` template without a sudoers rule), or systemctl without systemd
 * (containers, other init systems).
 */
const COULD_NOT_ASK = [/^sudo: /, /^System has not been booted with systemd/, /^Failed to connect to bus/];

/**
 * Exit 0: running; other: stopped; 126/127 or a message that the check could not ask (the check
 * itself could not run) or cut short: not known.
 */
export function serviceState(service: string, result: BatchResult): Result<ServiceState> {
  const firstLine = result.output.split('\n')[0]?.trim() ?? '';
  if (result.code === null) return failure(`the check of ${service} did not finish`);
  if (NOT_RUNNABLE.has(result.code) || (result.code !== 0 && COULD_NOT_ASK.some((re) => re.test(firstLine)))) {
    return failure(`the check of ${service} could not run (exit ${result.code}${firstLine ? `: ${firstLine}` : ''})`);
  }
  if (result.code === 0) return success({ running: true, detail: firstLine || 'running' });
  return success({ running: false, detail: firstLine || `exit ${result.code}` });
}
