import Conf from 'conf';
import path from 'node:path';

/**
 * The user's picon settings (conf, file mode 0600): the default profile and registered
 * profiles (name → absolute path; the lab registers `lab` here).
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
  const store = new Conf<SettingsShape>({
    projectName: 'picon',
    projectSuffix: '',
    configFileMode: 0o600,
    defaults: { profiles: {} },
    ...(env['PICON_CONFIG_DIR'] !== undefined && env['PICON_CONFIG_DIR'] !== '' && { cwd: env['PICON_CONFIG_DIR'] }),
  });
  const dir = path.dirname(store.path);
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
