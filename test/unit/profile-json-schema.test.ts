import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileJsonSchema, renderProfileJsonSchema } from '../../src/core/profile/json-schema.js';

const committed = path.resolve(import.meta.dirname, '../../schema/profile.schema.json');

describe('schema/profile.schema.json', () => {
  it('equals a fresh generation from the zod schema (run `npm run schema` after changing it)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(renderProfileJsonSchema());
  });

  it('requires only head and workers, rejects unknown fields, and leaves defaulted fields optional', () => {
    const schema = profileJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: { head: { required: string[]; properties: { haproxy: { required: string[] } } } };
    };
    expect(schema.required.sort()).toEqual(['head', 'workers']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.head.required.sort()).toEqual(['address', 'haproxy']);
    expect(schema.properties.head.properties.haproxy.required).toEqual(['sockets']);
  });
});

describe('docs/profiles.md', () => {
  it('documents every field of the schema in a table row', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../docs/profiles.md'), 'utf8');
    const fields = new Set<string>();
    const collect = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as { properties?: Record<string, unknown> }).properties;
      if (properties !== undefined) Object.keys(properties).forEach((key) => fields.add(key));
      Object.values(node).forEach(collect);
    };
    collect(profileJsonSchema());
    expect(fields.size).toBeGreaterThan(30);
    const undocumented = [...fields].filter((field) => !docs.includes(`| \`${field}\` |`));
    expect(undocumented).toEqual([]);
  });
});
