import os from 'node:os';
import path from 'node:path';
import { formatProfileError, type ProfileError } from '../../core/profile/parse-profile.js';
import type { Profile } from '../../core/profile/profile.js';
import { UsageError } from '../../core/usage-error.js';
import { openUserSettings, type UserSettings } from '../files/user-settings.js';
import { findProfile, type KnownProfile, type ProfileSources } from './profile-sources.js';
import { displayPath, readProfileFile, type FileContext } from './read-profile-file.js';

/** A profile that was found but does not pass its checks; `errors` holds every problem. */
export class ProfileInvalidError extends UsageError {
  constructor(readonly file: string, readonly errors: readonly ProfileError[]) {
    const [first] = errors;
    super(
      first === undefined ? `${file}: invalid profile` : formatProfileError(first),
      errors.length > 1
        ? `${errors.length - 1} more problem${errors.length > 2 ? 's' : ''}: see them all with \`picon profile validate ${file}\``
        : undefined,
    );
    this.name = 'ProfileInvalidError';
  }
}

/** What finding a profile needs from a command's context (the CLI's CommandContext has it). */
export interface ProfileRequest {
  readonly globals: { readonly profile?: string };
  readonly env: NodeJS.ProcessEnv;
  /** The repo's own directory, for its profiles/. */
  readonly packageRoot: string;
}

export interface ProfileEnvironment extends FileContext {
  readonly settings: UserSettings;
  readonly sources: ProfileSources;
}

export function profileEnvironment(ctx: Pick<ProfileRequest, 'env' | 'packageRoot'>): ProfileEnvironment {
  const settings = openUserSettings(ctx.env);
  return {
    cwd: process.cwd(),
    homeDir: ctx.env['HOME'] !== undefined && ctx.env['HOME'] !== '' ? ctx.env['HOME'] : os.homedir(),
    settings,
    sources: {
      registered: settings.registeredProfiles(),
      configDir: settings.profilesDir,
      repoDir: path.join(ctx.packageRoot, 'profiles'),
    },
  };
}

const HOW_TO_CHOOSE =
  'Choose one with --profile NAME|PATH, set a default with `picon profile use NAME`, or start the local lab with `picon lab up`.';

/** Which profile a command means: `--profile`, else the default; throws UsageError when neither is set or it is unknown. */
export async function locateProfile(ref: string | undefined, env: ProfileEnvironment): Promise<KnownProfile> {
  const fromDefault = ref === undefined;
  const wanted = ref ?? env.settings.defaultProfile();
  if (wanted === undefined) throw new UsageError('no cluster profile chosen', HOW_TO_CHOOSE);
  const found = await findProfile(wanted, env.sources, env);
  if (!found.ok) {
    const message = fromDefault ? `${found.message} (the default, set with \`picon profile use\`)` : found.message;
    throw new UsageError(message, found.hint);
  }
  return found.profile;
}

/** Reads and checks a located profile; throws ProfileInvalidError (exit 2) when it has problems. */
export async function loadKnownProfile(known: KnownProfile, env: ProfileEnvironment): Promise<Profile> {
  const result = await readProfileFile(known.file, env);
  if (result.ok) return result.profile;
  const errors = known.source === 'registered'
    ? result.errors.map((e) => (e.path === '' && e.line === undefined ? { ...e, message: `${e.message} (registered as profile "${known.name}")` } : e))
    : result.errors;
  throw new ProfileInvalidError(displayPath(known.file, env), errors);
}

/**
 * The one way a command gets its profile: `--profile NAME|PATH`, else the default set by
 * `picon profile use`. Throws UsageError (exit 2) with a one-line reason.
 */
export async function loadProfileForCommand(ctx: ProfileRequest): Promise<Profile> {
  const env = profileEnvironment(ctx);
  return loadKnownProfile(await locateProfile(ctx.globals.profile, env), env);
}
