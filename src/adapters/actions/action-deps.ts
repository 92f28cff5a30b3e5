import type { AuditRecord } from '../../core/actions/audit-record.js';
import type { Profile } from '../../core/profile/profile.js';
import type { HaproxyClient } from '../haproxy/runtime-client.js';
import type { NodeTransport } from '../ssh/transport.js';

/**
 * What running an action needs from outside. The command line and the console each build one:
 * the CLI over fresh SSH connections with a [y/N] prompt, the console over its own connections
 * with its confirmation dialog.
 */
export interface ActionDeps {
  readonly profile: Profile;
  /**
   * A runtime-API client for the head. Called again after HAProxy reloads, so the new client
   * reads the current worker list instead of the one from before the reload.
   */
  readonly haproxy: () => HaproxyClient;
  /** The SSH connection of a node (restart, and `weight --persist` on the head). */
  readonly transport: (node: string) => NodeTransport;
  /** Asked before a destructive action unless `yes`; false: nothing is done ("declined"). */
  readonly confirm: (question: string) => Promise<boolean>;
  /** One line per step worth seeing while it runs (drain --wait progress, reload). */
  readonly progress?: (line: string) => void;
  /** Written once per action, dry runs included. */
  readonly audit?: (record: AuditRecord) => Promise<void>;
  /** The login name recorded in the audit log (and in the head lock's holder record). */
  readonly user: string;
  /** The head lock's holder record: this machine's name and process (default os.hostname(), process.pid). */
  readonly host?: string;
  readonly pid?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** drain --wait and the post-restart isActive poll interval (default 1 s). */
  readonly pollMs?: number;
  /** Remote command timeout for restart and reload (default 60 s). */
  readonly commandTimeoutMs?: number;
}

export interface ActionOptions {
  /** Print and audit what would run; change nothing. */
  readonly dryRun: boolean;
  /** Skip the confirmation of destructive actions (--yes). */
  readonly yes: boolean;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
