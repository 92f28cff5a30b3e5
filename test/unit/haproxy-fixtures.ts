import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../fixtures/haproxy/', import.meta.url));

/** An HAProxy fixture's text, e.g. haproxyFixture('2.6/show-stat.csv'). */
export const haproxyFixture = (name: string): string => readFileSync(root + name, 'utf8');
