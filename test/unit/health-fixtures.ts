import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../fixtures/health/', import.meta.url));

/** A health fixture's text, e.g. fixture('host/stat.1'). */
export const fixture = (name: string): string => readFileSync(root + name, 'latin1');
export const fixturePath = (name: string): string => root + name;
