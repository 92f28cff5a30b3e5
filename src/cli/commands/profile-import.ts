import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Document, isScalar, visit } from 'yaml';
import { listInventory } from '../../adapters/profile/ansible-inventory-command.js';
import type { ProfileEnvironment } from '../../adapters/profile/load-profile.js';
import { displayPath } from '../../adapters/profile/read-profile-file.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../adapters/files/private-dir.js';
import { parseAnsibleInventory } from '../../core/profile/ansible-inventory.js';
import { inventoryToProfile, profileNameFor, type NotCarried } from '../../core/profile/inventory-profile.js';
import { formatProfileError, parseProfile, type ProfileError } from '../../core/profile/parse-profile.js';
import type { CommandContext } from '../command.js';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { writeJson } from '../json-output.js';

export const IMPORT_USAGE = 'usage: picon profile import --ansible INVENTORY [--head GROUP|HOST] [--out FILE] [--force]';

/** "host  variable  why", aligned. */
export function notCarriedLines(items: readonly NotCarried[]): string[] {
  const hostWidth = Math.max(0, ...items.map((i) => i.host.length));
  const varWidth = Math.min(40, Math.max(0, ...items.map((i) => i.variable.length)));
  return items.map((i) => `  ${i.host.padEnd(hostWidth)}  ${i.variable.padEnd(varWidth)}  ${i.why}`);
}

/** The profile as YAML, lists of plain values on one line (`tags: [web, rack1]`): 200 nodes stay readable. */
function profileYaml(data: Record<string, unknown>, header: string): string {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  visit(doc, { Seq: (_key, seq) => void (seq.flow = seq.items.every((item) => isScalar(item))) });
  return `${header}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}

/** Writes the whole file beside `file` and moves it into place: without `force` it never replaces one. */
async function writeWhole(file: string, text: string, force: boolean): Promise<{ ok: true } | { ok: false; reason: string }> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (force) {
      await rename(temp, file);
      return { ok: true };
    }
    await link(temp, file);
    await unlink(temp);
    return { ok: true };
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { ok: false, reason: 'exists; --force replaces it' };
    throw error;
  }
}

export async function runImport(ctx: CommandContext, env: ProfileEnvironment, args: readonly string[]): Promise<number> {
  let values: { ansible?: string; head?: string; out?: string; force?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { ansible: { type: 'string' }, head: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`profile import: ${(error as Error).message}`, IMPORT_USAGE);
  }
  const inventory = values.ansible;
  if (inventory === undefined || inventory === '') throw new UsageError('profile import needs --ansible INVENTORY', IMPORT_USAGE);
  // Ansible also takes "host1,host2," as an inventory; anything else must exist.
  if (!inventory.includes(',')) {
    const found = await stat(path.resolve(env.cwd, inventory)).catch((error: NodeJS.ErrnoException) => error);
    if (found instanceof Error) throw new UsageError(`--ansible ${inventory}: ${found.code === 'ENOENT' ? 'no such file or directory' : found.message}`);
  }
  const name = profileNameFor(inventory.includes(',') ? 'imported' : path.resolve(env.cwd, inventory));
  const out = values.out !== undefined ? path.resolve(env.cwd, values.out) : path.join(env.sources.configDir, `${name}.yaml`);
  const shown = displayPath(out, env);
  const existing = await stat(out).catch(() => undefined);
  if (existing !== undefined && values.force !== true) throw new UsageError(`${shown} exists; --force replaces it`);
  if (existing?.isDirectory() === true) throw new UsageError(`${shown} is a directory; --out names the profile file`);

  const listed = await listInventory(inventory);
  if (!listed.ok) throw new UsageError(listed.reason);
  const parsed = parseAnsibleInventory(listed.stdout);
  if (!parsed.ok) throw new UsageError(`ansible-inventory -i ${inventory} --list: ${parsed.reason}`);
  const imported = inventoryToProfile({
    inventory: parsed.inventory,
    ...(values.head !== undefined && { head: values.head }),
    name,
    source: inventory,
    cwd: env.cwd,
  });
  if (!imported.ok) throw new UsageError(`--ansible ${inventory}: ${imported.reason}`);
  const { data, head, workers, tags, notCarried } = imported.value;

  const text = profileYaml(data, `# Written by \`picon profile import --ansible ${inventory}\`; see docs/profiles.md.`);
  const check = parseProfile(text, out, env.homeDir, { displayFile: shown });
  if (!check.ok) throw new UsageError(`the profile imported from ${inventory} does not pass its checks: ${formatProfileError(check.errors[0] as ProfileError)}`);
  if (values.out === undefined) await ensurePrivateDir(path.dirname(out));
  const written = await writeWhole(out, text, values.force === true);
  if (!written.ok) throw new UsageError(`${shown} ${written.reason}`);

  if (ctx.globals.json) {
    writeJson(ctx, 'profile-import', { file: out, name, head, workers, tags, notCarried });
    return EXIT_OK;
  }
  ctx.stdout.write(`Wrote ${shown}: profile ${name}, head ${head.name} (${head.chosenBy}), ${workers} worker${workers === 1 ? '' : 's'}${tags.length > 0 ? `, tags ${tags.join(', ')}` : ''}\n`);
  if (notCarried.length > 0) {
    ctx.stdout.write(`Not carried over (${notCarried.length}):\n${notCarriedLines(notCarried).join('\n')}\n`);
  }
  const use = values.out === undefined ? name : shown;
  ctx.stdout.write(`Check it with \`picon profile validate ${shown}\`; use it with \`picon --profile ${use} status\`.\n`);
  return EXIT_OK;
}
