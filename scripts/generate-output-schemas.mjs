#!/usr/bin/env node
// Writes schema/NAME.schema.json for every --json output from its zod schema (src/core/json-output).
// Run `npm run schema` (it builds dist/ first); test/unit/output-json-schemas.test.ts fails while a file is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { OUTPUT_NAMES, renderOutputJsonSchema } = await import(path.join(root, 'dist/core/json-output/output-schemas.js'));
for (const name of OUTPUT_NAMES) {
  const target = path.join(root, `schema/${name}.schema.json`);
  writeFileSync(target, renderOutputJsonSchema(name));
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
