import path from 'node:path';
import { stringify } from 'yaml';
import {
  loadKnownProfile,
  locateProfile,
  type ProfileEnvironment,
} from '../../adapters/profile/load-profile.js';
import { findProfile, isProfilePath, listKnownProfiles } from '../../adapters/profile/profile-sources.js';
import { displayPath, readProfileFile } from '../../adapters/profile/read-profile-file.js';
import { formatProfileError } from '../../core/profile/parse-profile.js';
import type { Profile } from '../../core/profile/profile.js';
import type { CommandContext } from '../command.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from '../exit-codes.js';
import { redactDeep } from '../../core/redact/secrets.js';
import { writeJson } from '../json-output.js';
import { runImport } from './profile-import.js';
import { createRuntime } from '../runtime.js';

const USAGE = 'usage: picon profile list | show [NAME|PATH] | validate FILE... | use NAME|PATH | import --ansible INVENTORY';

function noFlags(args: readonly string[]): void {
  const flag = args.find((a) => a.startsWith('-'));
  if (flag !== undefined) throw new UsageError(`profile: unknown option "${flag}"`, USAGE);
}

async function list(ctx: CommandContext, env: ProfileEnvironment): Promise<number> {
  const known = await listKnownProfiles(env.sources);
  const defaultRef = env.settings.defaultProfile();
  const rows = await Promise.all(known.map(async (p) => {
    const result = await readProfileFile(p.file, env);
    return {
      name: p.name,
      source: p.source,
      file: p.file,
      active: p.active,
      default: p.active && (defaultRef === p.name || (defaultRef !== undefined && path.resolve(defaultRef) === p.file)),
      valid: result.ok,
      problems: result.ok ? 0 : result.errors.length,
    };
  }));
  if (ctx.globals.json) {
    writeJson(ctx, 'profile-list', { default: defaultRef ?? null, profiles: rows });
    return EXIT_OK;
  }
  if (rows.length === 0) {
    ctx.stdout.write('No profiles found. Add one to profiles/ or start the local lab with `picon lab up`.\n');
    return EXIT_OK;
  }
  const table = [
    ['', 'NAME', 'SOURCE', 'STATE', 'FILE'],
    ...rows.map((r) => [
      r.default ? '*' : '',
      r.name,
      r.source,
      !r.active ? 'hidden (same name above)' : r.valid ? 'ok' : `invalid (${r.problems})`,
      displayPath(r.file, env),
    ]),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
  for (const row of table) ctx.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
  if (defaultRef === undefined) ctx.stdout.write('\nNo default profile; choose one with `picon profile use NAME`.\n');
  else if (!rows.some((r) => r.default)) ctx.stdout.write(`\nDefault profile: ${defaultRef}\n`);
  return EXIT_OK;
}

/**
 * The resolved profile as shown to people and scripts (`nodes` repeats head and workers, so it is
 * left out; presets' secret headers and URL credentials are redacted).
 */
function plainProfile(profile: Profile): Omit<Profile, 'nodes'> {
  const { nodes: _nodes, ...rest } = profile;
  return redactDeep(rest);
}

async function show(ctx: CommandContext, env: ProfileEnvironment, args: readonly string[]): Promise<number> {
  noFlags(args);
  if (args.length > 1) throw new UsageError('profile show takes at most one profile', USAGE);
  const profile = await loadKnownProfile(await locateProfile(args[0] ?? ctx.globals.profile, env), env);
  const plain = plainProfile(profile);
  if (ctx.globals.json) writeJson(ctx, 'profile-show', plain);
  else ctx.stdout.write(stringify(plain, { aliasDuplicateObjects: false }));
  return EXIT_OK;
}

async function validate(ctx: CommandContext, env: ProfileEnvironment, args: readonly string[]): Promise<number> {
  noFlags(args);
  if (args.length === 0) throw new UsageError('profile validate needs at least one file', USAGE);
  const results = await Promise.all(args.map(async (arg) => {
    const found = await findProfile(arg, env.sources, env);
    const file = found.ok ? found.profile.file : path.resolve(env.cwd, arg);
    return { file: displayPath(file, env), result: await readProfileFile(file, env) };
  }));
  if (ctx.globals.json) {
    const files = results.map(({ file, result }) => (result.ok
      ? { file, ok: true, name: result.profile.name, errors: [] }
      : { file, ok: false, errors: result.errors }));
    writeJson(ctx, 'profile-validate', { files });
  } else {
    for (const { file, result } of results) {
      if (result.ok) {
        const p = result.profile;
        ctx.stdout.write(`ok  ${file}  (${p.name}: head ${p.head.name}, ${p.workers.length} worker${p.workers.length === 1 ? '' : 's'}, ${p.loadTests.length} load test${p.loadTests.length === 1 ? '' : 's'})\n`);
      } else {
        for (const error of result.errors) ctx.stdout.write(`${formatProfileError(error)}\n`);
      }
    }
  }
  return results.every((r) => r.result.ok) ? EXIT_OK : EXIT_BAD_INPUT;
}

async function use(ctx: CommandContext, env: ProfileEnvironment, args: readonly string[]): Promise<number> {
  noFlags(args);
  const [ref, extra] = args;
  if (ref === undefined || extra !== undefined) throw new UsageError('profile use needs exactly one profile name or path', USAGE);
  const known = await locateProfile(ref, env);
  const profile = await loadKnownProfile(known, env);
  env.settings.setDefaultProfile(isProfilePath(ref) ? known.file : ref);
  const summary = `${profile.workers.length} worker${profile.workers.length === 1 ? '' : 's'}`;
  if (ctx.globals.json) {
    writeJson(ctx, 'profile-use', { default: isProfilePath(ref) ? known.file : ref, file: known.file, name: profile.name });
  } else {
    ctx.stdout.write(`Default profile: ${isProfilePath(ref) ? displayPath(known.file, env) : ref} (${displayPath(known.file, env)}, head ${profile.head.name}, ${summary})\n`);
  }
  return EXIT_OK;
}

export async function run(ctx: CommandContext): Promise<number> {
  const [sub = 'list', ...rest] = ctx.args;
  // The profile files' environment (settings, folders) from the composition root; no SSH.
  const env = createRuntime(ctx).profileFiles();
  switch (sub) {
    case 'list':
      noFlags(rest);
      if (rest.length > 0) throw new UsageError('profile list takes no arguments', USAGE);
      return list(ctx, env);
    case 'show':
      return show(ctx, env, rest);
    case 'validate':
      return validate(ctx, env, rest);
    case 'use':
      return use(ctx, env, rest);
    case 'import':
      return runImport(ctx, env, rest);
    default:
      throw new UsageError(`profile: unknown subcommand "${sub}"`, USAGE);
  }
}
