import os from 'node:os';
import path from 'node:path';

/** Where picon keeps what it records: `$PICON_DATA_DIR`, else `$XDG_DATA_HOME/picon`, else `~/.local/share/picon`. */
export function dataDir(env: NodeJS.ProcessEnv): string {
  const own = env['PICON_DATA_DIR'];
  if (own !== undefined && own !== '') return path.resolve(own);
  const xdg = env['XDG_DATA_HOME'];
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, 'picon');
  return path.join(env['HOME'] ?? os.homedir(), '.local', 'share', 'picon');
}
