import type { LoadTestPreset, ProfileData } from './schema.js';

/** A profile after validation, with defaults applied and every node in one list (head first). */

export type NodeRole = 'head' | 'worker';

export interface ServerRef {
  readonly backend: string;
  readonly server: string;
}

export interface ServiceControl {
  readonly restart: string;
  readonly isActive: string;
}

export interface NodeSsh {
  readonly user?: string;
  readonly port?: number;
  /** Absolute path (resolved against the profile's directory and ~). */
  readonly identityFile?: string;
  /** Name of the node to jump through. */
  readonly jump?: string;
}

export interface NodeSpec {
  readonly name: string;
  readonly role: NodeRole;
  readonly address: string;
  readonly model?: string;
  readonly ssh: NodeSsh;
  readonly services: readonly string[];
  readonly serviceControl: ServiceControl;
  /** The HAProxy servers this node is (workers; empty for the head). */
  readonly servers: readonly ServerRef[];
}

export interface HaproxySpec {
  readonly sockets: readonly string[];
  readonly masterSocket?: string;
  readonly backends: readonly string[];
  readonly frontendUrl?: string;
  readonly frontendHttpsUrl?: string;
  /** A frontend whose backend's servers are the apps (no nginx), and that backend. */
  readonly frontendAppUrl?: string;
  readonly appBackend?: string;
  readonly config: string;
}

export interface Profile {
  readonly name: string;
  /** Absolute path of the file it was read from. */
  readonly file: string;
  readonly description?: string;
  /** Extra known_hosts files (absolute), checked together with ~/.ssh/known_hosts. */
  readonly knownHostsFiles: readonly string[];
  readonly head: NodeSpec;
  readonly haproxy: HaproxySpec;
  readonly workers: readonly NodeSpec[];
  /** Head first, then workers in profile order. */
  readonly nodes: readonly NodeSpec[];
  readonly urls: { readonly nginx: string; readonly app: string };
  readonly loadTests: readonly LoadTestPreset[];
  /** The CA file (absolute) https load-test targets are checked against. */
  readonly tls?: { readonly ca: string };
}

export type { ProfileData };
