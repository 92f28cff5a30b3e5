import path from 'node:path';

/**
 * Where HAProxy reads server states on start/reload, if the config makes it load them for a
 * backend: `load-server-state-from-file global` (in the backend or its defaults) with the global
 * `server-state-file`, or `local` with `server-state-file-name` under `server-state-base`.
 * When it does, a weight changed at runtime must also be saved there or the reload brings back
 * the old one.
 */

export interface StateFile {
  readonly path: string;
  /** global: the file holds every backend (`show servers state`); local: only this backend. */
  readonly scope: 'global' | 'local';
}

const SECTIONS = /^(global|defaults|frontend|backend|listen|peers|resolvers|userlist|cache|program|mailers|http-errors|ring|log-forward)$/;

export function stateFileFor(configText: string, backend: string): StateFile | undefined {
  let section = '';
  let name: string | undefined;
  let base: string | undefined;
  let globalFile: string | undefined;
  let defaultsLoad: string | undefined;
  let load: string | undefined;
  let fileName: string | undefined;
  let found = false;
  for (const raw of configText.split('\n')) {
    const [key, value] = raw.replace(/(^|\s)#.*$/, '').trim().split(/\s+/);
    if (key === undefined || key === '') continue;
    if (SECTIONS.test(key)) {
      if (found) break;
      section = key;
      name = value;
      if (section === 'defaults') defaultsLoad = undefined;
      if ((section === 'backend' || section === 'listen') && name === backend) {
        found = true;
        load = defaultsLoad;
      }
      continue;
    }
    if (section === 'global' && key === 'server-state-file') globalFile = value;
    if (section === 'global' && key === 'server-state-base') base = value;
    if (section === 'defaults' && key === 'load-server-state-from-file') defaultsLoad = value;
    if (found && key === 'load-server-state-from-file') load = value;
    if (found && key === 'server-state-file-name') fileName = value;
  }
  if (!found) return undefined;
  const resolve = (file: string): string | undefined =>
    path.posix.isAbsolute(file) ? file : base !== undefined ? path.posix.join(base, file) : undefined;
  if (load === 'global' && globalFile !== undefined) {
    const p = resolve(globalFile);
    return p === undefined ? undefined : { path: p, scope: 'global' };
  }
  if (load === 'local') {
    const file = fileName === undefined || fileName === 'use-backend-name' ? backend : fileName;
    const p = resolve(file);
    return p === undefined ? undefined : { path: p, scope: 'local' };
  }
  return undefined;
}
