import type { LookupContext, ValueLookup } from './candidates.js';

/**
 * Values for completion from the files picon already reads, never over SSH: the profile (the
 * one on the line, else the default) and the load-test history. Modules load on first use, so
 * completing a command name reads nothing; any failure (no profile, a broken one) is no values.
 */

/** How many `last~N` are offered besides `last`. */
const MAX_LAST_BACK = 5;
/** How many run ids are offered, newest first. */
const MAX_RUN_IDS = 50;

interface Env {
  readonly env: NodeJS.ProcessEnv;
  readonly packageRoot: string;
}

export function profileValues(ctx: Env): ValueLookup {
  const profiles = new Map<string, Promise<import('../../core/profile/profile.js').Profile | undefined>>();

  async function loadProfile(ref: string | undefined) {
    const { profileEnvironment, locateProfile } = await import('../../adapters/profile/load-profile.js');
    const { readProfileFile } = await import('../../adapters/profile/read-profile-file.js');
    const env = profileEnvironment(ctx);
    const known = await locateProfile(ref, env);
    const read = await readProfileFile(known.file, env);
    return read.ok ? read.profile : undefined;
  }

  function profileOf(context: LookupContext) {
    const key = context.profile ?? '';
    let found = profiles.get(key);
    if (found === undefined) {
      found = loadProfile(context.profile).catch(() => undefined);
      profiles.set(key, found);
    }
    return found;
  }

  return async (kind, context) => {
    if (kind === 'profile') {
      const { profileEnvironment } = await import('../../adapters/profile/load-profile.js');
      const { listKnownProfiles } = await import('../../adapters/profile/profile-sources.js');
      return (await listKnownProfiles(profileEnvironment(ctx).sources)).filter((p) => p.active).map((p) => p.name);
    }
    if (kind === 'run') {
      const { historyFile, readHistory } = await import('../../adapters/loadtest/history-store.js');
      const ids = (await readHistory(historyFile(ctx.env))).records.map((r) => r.id).reverse();
      const back = Array.from({ length: Math.min(MAX_LAST_BACK, Math.max(0, ids.length - 1)) }, (_, i) => `last~${i + 1}`);
      return [...(ids.length > 0 ? ['last'] : []), ...back, ...ids.slice(0, MAX_RUN_IDS)];
    }
    const profile = await profileOf(context);
    if (profile === undefined) return [];
    switch (kind) {
      case 'node':
        return profile.nodes.map((n) => n.name);
      case 'worker':
        return profile.workers.map((n) => n.name);
      case 'backend':
        return [...profile.haproxy.backends];
      case 'service': {
        const node = profile.nodes.find((n) => n.name === context.node);
        return node !== undefined ? [...node.services] : [...new Set(profile.nodes.flatMap((n) => n.services))];
      }
      case 'preset': {
        const { presetsOf } = await import('../../core/loadtest/run-plan.js');
        return presetsOf(profile).map((p) => p.name);
      }
      default:
        return [];
    }
  };
}
