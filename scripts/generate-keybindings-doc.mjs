#!/usr/bin/env node
// Writes docs/keybindings.md from the console's keymap (build dist/ first: npx tsc -p tsconfig.build.json).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYMAP } from '../dist/views/console/keymap.js';
import { renderKeybindingsDoc } from '../dist/views/console/keybindings-doc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'docs', 'keybindings.md');
writeFileSync(file, renderKeybindingsDoc(KEYMAP));
console.log(`wrote ${path.relative(root, file)}`);
