/**
 * The layer rule (docs/architecture.md): core is pure and its ports name core types only, views
 * never reach an adapter, adapters never reach a view, the CLI or another adapter's folder.
 * Checked by `npm run lint:layers`, part of `npm test`.
 */

/** Node modules that touch the outside world. node:path, node:url, node:util and node:crypto are pure and allowed. */
const NODE_IO = ['fs', 'fs/promises', 'net', 'tls', 'child_process', 'http', 'https', 'http2', 'dgram', 'worker_threads', 'os'];

/** Terminal toolkits, SSH and on-disk settings: adapter and view concerns. */
const IO_PACKAGES = ['react', 'ink', 'blessed', 'blessed-contrib', 'ssh2', 'conf'];

/**
 * The adapters' shared folder: picon's own files (settings, data dir, private dirs, appends, the
 * lock file, capped reads, /proc of this machine). It implements no port; every adapter may use it.
 */
const SHARED_ADAPTER_FOLDER = 'files';

/** A regex group matching exactly one of the names. */
const oneOf = (names) => `(${names.join('|')})`;

/** One forbidden import: files matching `from` may not import what matches `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

module.exports = {
  forbidden: [
    forbid('core-imports-no-outer-layer', 'src/core is pure domain code: it may not import adapters, views or the CLI.', { path: '^src/core/' }, { path: '^src/(adapters|views|cli)/' }),
    forbid(
      'core-imports-no-io-package',
      'src/core may not import a terminal toolkit, SSH or settings package (React, Ink, blessed, ssh2, conf).',
      { path: '^src/core/' },
      // Resolved under node_modules (or a symlinked one, outside the tree); ESM-only packages (ink, conf)
      // do not resolve and keep their bare name as path.
      { path: [`(^|/)node_modules/(@types/)?${oneOf(IO_PACKAGES)}/`, `^${oneOf(IO_PACKAGES)}(/|$)`] },
    ),
    forbid('core-imports-no-node-io', 'src/core does no I/O: no node:fs, net, child_process, http, os and the like.', { path: '^src/core/' }, { dependencyTypes: ['core'], path: `^(node:)?${oneOf(NODE_IO)}$` }),
    forbid('views-import-no-adapter', 'src/views draw what they are given: they may not import src/adapters (ports they need live in views or core).', { path: '^src/views/' }, { path: '^src/adapters/' }),
    forbid(
      'core-ports-import-only-core',
      'src/core/ports are the interfaces adapters implement and the composition root wires: they name core types only, no package and no node module.',
      { path: '^src/core/ports/' },
      { pathNot: '^src/core/' },
    ),
    forbid('adapters-import-no-view', 'src/adapters may not import src/views: a port an adapter implements (a screen) lives in src/core/ports.', { path: '^src/adapters/' }, { path: '^src/views/' }),
    forbid('adapters-import-no-cli', 'src/adapters may not import src/cli: the CLI composes adapters, not the other way round.', { path: '^src/adapters/' }, { path: '^src/cli/' }),
    forbid(
      'adapters-import-no-other-adapter',
      `An adapter folder may import its own files and src/adapters/${SHARED_ADAPTER_FOLDER}/, not another adapter: what two share goes into core or a port the composition root (src/cli/runtime.ts) wires.`,
      { path: '^src/adapters/([^/]+)/' },
      { path: '^src/adapters/', pathNot: [`^src/adapters/$1/`, `^src/adapters/${SHARED_ADAPTER_FOLDER}/`] },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
