import Conf from 'conf';
import path from 'node:path';
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from './private-dir.js';

/**
 * The user's picon settings (conf, file mode 0600, its directory 0700 whatever the umask): the
 * default profile and registered profiles (name → absolute path; the lab registers `lab` here).
 * PICON_CONFIG_DIR moves it (tests use a temporary one so a user's settings are never touched).
 */
interface SettingsShape extends Record<string, unknown> {
  defaultProfile?: string;
  profiles: Record<string, string>;
}

export interface UserSettings {
  readonly dir: string;
  /** Directory where NAME.yaml profiles may live. */
  readonly profilesDir: string;
  defaultProfile(): string | undefined;
  setDefaultProfile(name: string): void;
  registeredProfiles(): Readonly<Record<string, string>>;
  registerProfile(name: string, file: string): void;
  unregisterProfile(name: string): void;
}

export function openUserSettings(env: NodeJS.ProcessEnv = process.env): UserSettings {
  // conf creates its directory with mkdir's default mode (0777 less the umask): under umask 000
  // that is a world-writable settings dir, so it is created under umask 077.
  const umask = process.umask(0o077);
  let store: Conf<SettingsShape>;
  try {
    store = new Conf<SettingsShape>({
      projectName: 'picon',
      projectSuffix: '',
      configFileMode: PRIVATE_FILE_MODE,
      defaults: { profiles: {} },
      ...(env['PICON_CONFIG_DIR'] !== undefined && env['PICON_CONFIG_DIR'] !== '' && { cwd: env['PICON_CONFIG_DIR'] }),
    });
  } finally {
    process.umask(umask);
  }
  const dir = path.dirname(store.path);
  ensurePrivateDirSync(dir);
  return {
    dir,
    profilesDir: path.join(dir, 'profiles'),
    defaultProfile: () => store.get('defaultProfile'),
    setDefaultProfile: (name) => store.set('defaultProfile', name),
    registeredProfiles: () => store.get('profiles'),
    registerProfile: (name, file) => store.set('profiles', { ...store.get('profiles'), [name]: path.resolve(file) }),
    unregisterProfile: (name) => {
      const { [name]: _removed, ...rest } = store.get('profiles');
      store.set('profiles', rest);
    },
  };
}
