import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * blessed and Ink must never be loaded in the same process. Walks the static import graph of a
 * command module through src/ (import, export … from, import(), require()) and then through the
 * npm packages it reaches (their package.json dependencies), and reports every package reached.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function sourceOf(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base]) if (existsSync(candidate)) return candidate;
  return undefined;
}

function packagesOf(dependencyRoots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...dependencyRoots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name) || name.startsWith('node:')) continue;
    seen.add(name);
    const manifest = path.join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) continue; // a Node built-in such as "fs"
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
    queue.push(...Object.keys(pkg.dependencies ?? {}));
  }
  return seen;
}

/** Every src file and every npm package a module can load. */
function moduleGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const direct = new Set<string>();
  const queue = [path.join(ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.')) {
        const next = sourceOf(file, specifier);
        if (next === undefined) throw new Error(`${path.relative(ROOT, file)}: cannot resolve ${specifier}`);
        queue.push(next);
      } else direct.add(packageName(specifier));
    }
  }
  return { files: new Set([...files].map((f) => path.relative(ROOT, f))), packages: packagesOf(direct) };
}

describe('blessed and Ink are never loaded together', () => {
  it('picon wall reaches blessed and blessed-contrib but not ink or react', () => {
    const { files, packages } = moduleGraph('src/cli/commands/wall.ts');
    expect(files).toContain('src/adapters/wallboard/blessed-screen.ts');
    expect(files).toContain('src/adapters/monitor/cluster-monitor.ts');
    expect(packages).toContain('blessed');
    expect(packages).toContain('blessed-contrib');
    expect(packages).toContain('ssh2');
    const ui = [...packages].filter((p) => p === 'ink' || p === 'react' || p.startsWith('ink-') || p.startsWith('@inkjs/'));
    expect(ui).toEqual([]);
  });

  it('the console does not reach blessed', () => {
    const { packages } = moduleGraph('src/cli/commands/console.ts');
    expect([...packages].filter((p) => p.startsWith('blessed'))).toEqual([]);
  });

  it('only the adapter loads blessed: the wallboard core and view do not', () => {
    const { files } = moduleGraph('src/cli/commands/wall.ts');
    const loaders = [...files].filter((f) => /require\(['"]blessed|from ['"]blessed/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(loaders).toEqual(['src/adapters/wallboard/blessed-screen.ts']);
  });
});
