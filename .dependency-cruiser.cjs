/**
 * The layer rule (docs/architecture.md): core is pure and its ports name core types only, views
 * never reach an adapter, adapters never reach a view or the CLI. Checked by `npm run lint:layers`, part of `npm test`.
 */

/** Node modules that touch the outside world. node:path, node:url, node:util and node:crypto are pure and allowed. */
const NODE_IO = ['fs', 'fs/promises', 'net', 'tls', 'child_process', 'http', 'https', 'http2', 'dgram', 'worker_threads', 'os'];

/** Terminal toolkits, SSH and on-disk settings: adapter and view concerns. */
const IO_PACKAGES = ['react', 'ink', 'blessed', 'blessed-contrib', 'ssh2', 'conf'];

/** A regex group matching exactly one of the names. */
const oneOf = (names) => `(${names.join('|')})`;

module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-outer-layer',
      comment: 'src/core is pure domain code: it may not import adapters, views or the CLI.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(adapters|views|cli)/' },
    },
    {
      name: 'core-imports-no-io-package',
      comment: 'src/core may not import a terminal toolkit, SSH or settings package (React, Ink, blessed, ssh2, conf).',
      severity: 'error',
      from: { path: '^src/core/' },
      // Resolved under node_modules (or a symlinked one, outside the tree); ESM-only packages (ink, conf)
      // do not resolve and keep their bare name as path.
      to: { path: [`(^|/)node_modules/(@types/)?${oneOf(IO_PACKAGES)}/`, `^${oneOf(IO_PACKAGES)}(/|$)`] },
    },
    {
      name: 'core-imports-no-node-io',
      comment: 'src/core does no I/O: no node:fs, net, child_process, http, os and the like.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], path: `^(node:)?${oneOf(NODE_IO)}$` },
    },
    {
      name: 'views-import-no-adapter',
      comment: 'src/views draw what they are given: they may not import src/adapters (ports they need live in views or core).',
      severity: 'error',
      from: { path: '^src/views/' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'core-ports-import-only-core',
      comment: 'src/core/ports are the interfaces adapters implement and the composition root wires: they name core types only, no package and no node module.',
      severity: 'error',
      from: { path: '^src/core/ports/' },
      to: { pathNot: '^src/core/' },
    },
    {
      name: 'adapters-import-no-view',
      comment: 'src/adapters may not import src/views: a port an adapter implements (a screen) lives in src/core/ports.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/views/' },
    },
    {
      name: 'adapters-import-no-cli',
      comment: 'src/adapters may not import src/cli: the CLI composes adapters, not the other way round.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
