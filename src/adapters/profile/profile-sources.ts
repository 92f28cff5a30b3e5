import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { sortByCloseness } from '../../core/profile/closest-names.js';

/** Where profiles come from, in lookup order. */
export type ProfileSource = 'registered' | 'config' | 'repo' | 'path';

export interface ProfileSources {
  /** name → absolute file, from the user's settings (the lab registers `lab`). */
  readonly registered: Readonly<Record<string, string>>;
  /** The user's own profiles directory (settings.profilesDir). */
  readonly configDir: string;
  /** The repo's profiles/ directory. */
  readonly repoDir: string;
}

export interface KnownProfile {
  readonly name: string;
  readonly file: string;
  readonly source: ProfileSource;
  /** False when a profile of the same name earlier in the lookup order wins. */
  readonly active: boolean;
}

// Not a Result: a failure is a message and a hint, printed on two lines.
export type FoundProfile =
  | { readonly ok: true; readonly profile: KnownProfile }
  | { readonly ok: false; readonly message: string; readonly hint: string };

const EXTENSIONS = ['.yaml', '.yml'];

/** `--profile` values with a "/" or a YAML extension are paths; anything else is a name. */
export function isProfilePath(ref: string): boolean {
  return ref.includes('/') || /\.ya?ml$/i.test(ref);
}

export function expandHome(ref: string, homeDir: string): string {
  if (ref === '~') return homeDir;
  return ref.startsWith('~/') ? path.join(homeDir, ref.slice(2)) : ref;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function profilesIn(dir: string, source: ProfileSource): Promise<{ name: string; file: string; source: ProfileSource }[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const found = [];
  for (const entry of entries.sort()) {
    const ext = EXTENSIONS.find((e) => entry.endsWith(e));
    if (ext === undefined || entry.startsWith('.')) continue;
    const file = path.join(dir, entry);
    if (await isFile(file)) found.push({ name: entry.slice(0, -ext.length), file, source });
  }
  return found;
}

/** Every profile picon can find by name, in lookup order: registered, config dir, repo. */
export async function listKnownProfiles(sources: ProfileSources): Promise<KnownProfile[]> {
  const all = [
    ...Object.entries(sources.registered)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, file]) => ({ name, file, source: 'registered' as const })),
    ...(await profilesIn(sources.configDir, 'config')),
    ...(await profilesIn(sources.repoDir, 'repo')),
  ];
  const seen = new Set<string>();
  return all.map((p) => {
    const active = !seen.has(p.name);
    seen.add(p.name);
    return { ...p, active };
  });
}

/** Finds a profile by path or by name; an unknown name lists the known ones, closest first. */
export async function findProfile(ref: string, sources: ProfileSources, ctx: { cwd: string; homeDir: string }): Promise<FoundProfile> {
  if (isProfilePath(ref)) {
    const file = path.resolve(ctx.cwd, expandHome(ref, ctx.homeDir));
    const name = path.basename(file).replace(/\.ya?ml$/i, '');
    return { ok: true, profile: { name, file, source: 'path', active: true } };
  }
  const known = await listKnownProfiles(sources);
  const match = known.find((p) => p.active && p.name === ref);
  if (match !== undefined) return { ok: true, profile: match };
  const names = [...new Set(known.map((p) => p.name))];
  const hint = names.length === 0
    ? 'No profiles found. Give a file with --profile PATH, or start the local lab with `picon lab up`.'
    : `Known profiles: ${sortByCloseness(ref, names).join(', ')}. A file works too: --profile PATH.`;
  return { ok: false, message: `no profile named "${ref}"`, hint };
}
