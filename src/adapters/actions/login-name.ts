import os from 'node:os';

/** Who ran an action, for the audit log. */
export function loginName(env: NodeJS.ProcessEnv): string {
  const fromEnv = env['USER'] ?? env['LOGNAME'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
