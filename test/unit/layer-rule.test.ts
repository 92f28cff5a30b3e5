import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Runs `npm run lint:layers`' own command (dependency-cruiser with the project's
 * .dependency-cruiser.cjs) over small trees laid out like src/, so the rule is proven to bite.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');
const config = path.join(root, '.dependency-cruiser.cjs');

type Tree = Record<string, string>;

/** Files every tree has; all of these imports are allowed. */
const ALLOWED: Tree = {
  'src/core/pure.ts': [
    "import path from 'node:path';",
    "import { createHash } from 'node:crypto';",
    "import { parseArgs } from 'node:util';",
    "import { fileURLToPath } from 'node:url';",
    "import { z } from 'zod';",
    'export const pure = [path, createHash, parseArgs, fileURLToPath, z];',
  ].join('\n'),
  'src/core/ports/screen.ts': "import { pure } from '../pure.js';\nexport type ScreenPort = { draw(): void };\nexport const port = pure;",
  'src/views/view.ts': "import { pure } from '../core/pure.js';\nimport type { ScreenPort } from '../core/ports/screen.js';\nexport type ViewPort = ScreenPort;\nexport const view = pure;",
  'src/adapters/adapter.ts': [
    "import { readFileSync } from 'node:fs';",
    "import { Client } from 'ssh2';",
    "import { pure } from '../core/pure.js';",
    "import type { ScreenPort as ViewPort } from '../core/ports/screen.js';",
    'export const adapter: unknown[] = [readFileSync, Client, pure];',
    'export type Port = ViewPort;',
  ].join('\n'),
  // An adapter folder imports its own files and the shared files/ folder.
  'src/adapters/ssh/connection.ts': "import { quote } from './quote.js';\nimport { readCapped } from '../files/read-capped.js';\nexport const connection = [quote, readCapped];",
  'src/adapters/ssh/quote.ts': 'export const quote = 1;',
  'src/adapters/files/read-capped.ts': "import { readFileSync } from 'node:fs';\nexport const readCapped = readFileSync;",
  'src/cli/command.ts': [
    "import { adapter } from '../adapters/adapter.js';",
    "import { view } from '../views/view.js';",
    "import { pure } from '../core/pure.js';",
    'export const command = [adapter, view, pure];',
  ].join('\n'),
};

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/** Each bad import, and the violation it must raise. */
const BAD: readonly { readonly file: string; readonly line: string; readonly rule: string; readonly to: string }[] = [
  { file: 'src/core/to-adapters.ts', line: "import { adapter } from '../adapters/adapter.js';", rule: 'core-imports-no-outer-layer', to: 'src/adapters/adapter.ts' },
  { file: 'src/core/to-views.ts', line: "import type { ViewPort } from '../views/view.js';", rule: 'core-imports-no-outer-layer', to: 'src/views/view.ts' },
  { file: 'src/core/to-cli.ts', line: "import { command } from '../cli/command.js';", rule: 'core-imports-no-outer-layer', to: 'src/cli/command.ts' },
  { file: 'src/core/to-react.ts', line: "import React from 'react';", rule: 'core-imports-no-io-package', to: 'react' },
  { file: 'src/core/to-ink.ts', line: "import { Box } from 'ink';", rule: 'core-imports-no-io-package', to: 'ink' },
  { file: 'src/core/to-blessed.ts', line: "import blessed from 'blessed';", rule: 'core-imports-no-io-package', to: 'blessed' },
  { file: 'src/core/to-contrib.ts', line: "import bar from 'blessed-contrib/lib/widget/charts/bar.js';", rule: 'core-imports-no-io-package', to: 'blessed-contrib' },
  { file: 'src/core/to-ssh2.ts', line: "import type { SFTPWrapper } from 'ssh2';", rule: 'core-imports-no-io-package', to: 'ssh2' },
  { file: 'src/core/to-conf.ts', line: "import Conf from 'conf';", rule: 'core-imports-no-io-package', to: 'conf' },
  { file: 'src/core/to-fs.ts', line: "import { readFileSync } from 'node:fs';", rule: 'core-imports-no-node-io', to: 'fs' },
  { file: 'src/core/to-bare-fs.ts', line: "import fs from 'fs';", rule: 'core-imports-no-node-io', to: 'fs' },
  { file: 'src/core/to-fs-promises.ts', line: "import { readFile } from 'node:fs/promises';", rule: 'core-imports-no-node-io', to: 'fs/promises' },
  { file: 'src/core/to-net.ts', line: "import net from 'node:net';", rule: 'core-imports-no-node-io', to: 'net' },
  { file: 'src/core/to-child.ts', line: "import { spawn } from 'node:child_process';", rule: 'core-imports-no-node-io', to: 'child_process' },
  { file: 'src/core/to-https.ts', line: "import https from 'node:https';", rule: 'core-imports-no-node-io', to: 'https' },
  { file: 'src/core/to-os.ts', line: "import os from 'node:os';", rule: 'core-imports-no-node-io', to: 'os' },
  { file: 'src/core/to-workers.ts', line: "import { Worker } from 'node:worker_threads';", rule: 'core-imports-no-node-io', to: 'worker_threads' },
  { file: 'src/views/to-adapters.ts', line: "import type { Port } from '../adapters/adapter.js';", rule: 'views-import-no-adapter', to: 'src/adapters/adapter.ts' },
  { file: 'src/core/ports/to-zod.ts', line: "import { z } from 'zod';", rule: 'core-ports-import-only-core', to: 'zod' },
  { file: 'src/core/ports/to-stream.ts', line: "import type { Duplex } from 'node:stream';", rule: 'core-ports-import-only-core', to: 'stream' },
  { file: 'src/adapters/to-views.ts', line: "import type { ViewPort } from '../views/view.js';", rule: 'adapters-import-no-view', to: 'src/views/view.ts' },
  { file: 'src/adapters/to-cli.ts', line: "import { command } from '../cli/command.js';", rule: 'adapters-import-no-cli', to: 'src/cli/command.ts' },
  { file: 'src/adapters/wallboard/to-ssh.ts', line: "import { connection } from '../ssh/connection.js';", rule: 'adapters-import-no-other-adapter', to: 'src/adapters/ssh/connection.ts' },
  { file: 'src/adapters/files/to-ssh.ts', line: "import type { quote } from '../ssh/quote.js';", rule: 'adapters-import-no-other-adapter', to: 'src/adapters/ssh/quote.ts' },
];

let workDir = '';

function writeTree(name: string, tree: Tree): string {
  const dir = path.join(workDir, name);
  for (const [file, text] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), `${text}\n`);
  }
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }),
  );
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** Package paths shortened to the package name: node_modules/@types/ssh2/index.d.ts → ssh2. */
function target(resolved: string): string {
  const match = /(?:^|\/)node_modules\/(?:@types\/)?([^/]+)\//.exec(resolved);
  return match?.[1] ?? resolved;
}

/** Runs the check as `npm run lint:layers` does and reads the lines it prints: "error RULE: FROM → TO". */
function lintLayers(dir: string): Promise<{ code: number; violations: Violation[]; output: string }> {
  return new Promise((resolve) => {
    execFile(depcruise, ['src', '--config', config], { cwd: dir }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      const violations = [...stdout.matchAll(/^\s*error (\S+): (\S+) → (\S+)$/gm)].map(([, rule = '', from = '', to = '']) => ({ rule, from, to: target(to) }));
      resolve({ code, violations, output: stdout + stderr });
    });
  });
}

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'picon-layer-rule-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('the layer rule (npm run lint:layers)', () => {
  it('passes a tree whose imports all point inward', async () => {
    const result = await lintLayers(writeTree('clean', ALLOWED));
    expect(result.violations).toEqual([]);
    expect(result.output).toContain('no dependency violations found');
    expect(result.code).toBe(0);
  });

  it('reports every forbidden import, by rule, file and target, and fails', async () => {
    const bad: Tree = { ...ALLOWED };
    for (const b of BAD) bad[b.file] = `${b.line}\nexport const unused = 1;`;
    const result = await lintLayers(writeTree('bad', bad));
    const sort = (vs: Violation[]) => [...vs].sort((a, b) => `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`));
    expect(sort(result.violations)).toEqual(sort(BAD.map((b) => ({ rule: b.rule, from: b.file, to: b.to }))));
    expect(result.output).toContain(`${BAD.length} dependency violations (${BAD.length} errors`);
    expect(result.code).not.toBe(0);
  });
});
