import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { stringify } from 'yaml';
import { resolveProfile } from '../../core/profile/resolve.js';
import { profileSchema } from '../../core/profile/schema.js';
import { openUserSettings } from '../files/user-settings.js';
import { LAB_PROFILE_NAME, labProfileData, type LabProfileInput } from './lab-profile.js';
import { labFiles } from './lab-plan.js';
import { failure, success, type Result } from '../../core/result.js';

/** Writes <dir>/lab.yaml after checking it the way `picon --profile` will read it, and registers it. */
export async function writeLabProfile(input: LabProfileInput, env: NodeJS.ProcessEnv): Promise<Result<string>> {
  const file = labFiles.profile(input.plan.dir);
  const data = labProfileData(input);
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return failure(`the lab wrote an invalid profile: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`);
  }
  const resolved = resolveProfile(parsed.data, { file, homeDir: os.homedir() });
  if (!resolved.ok) {
    const first = resolved.issues[0];
    return failure(`the lab wrote an invalid profile: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`);
  }
  const header = '# Written by `picon lab up`; removed by `picon lab down`. Edits are lost on the next `lab up`.\n';
  await writeFile(file, header + stringify(data, { lineWidth: 0 }), { mode: 0o600 });
  openUserSettings(env).registerProfile(LAB_PROFILE_NAME, file);
  return success(file);
}

/** Unregisters `lab` only when it still points at this lab's file (another lab may own it now). */
export function unregisterLabProfile(dir: string, env: NodeJS.ProcessEnv): boolean {
  const settings = openUserSettings(env);
  if (settings.registeredProfiles()[LAB_PROFILE_NAME] !== labFiles.profile(dir)) return false;
  settings.unregisterProfile(LAB_PROFILE_NAME);
  return true;
}
