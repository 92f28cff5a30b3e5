#!/usr/bin/env node
// Writes schema/profile.schema.json from the zod profile schema. Run `npm run schema`
// (it builds dist/ first); test/unit/profile-json-schema.test.ts fails while the file is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { renderProfileJsonSchema } = await import(path.join(root, 'dist/core/profile/json-schema.js'));
const target = path.join(root, 'schema/profile.schema.json');
writeFileSync(target, renderProfileJsonSchema());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
