import { z } from 'zod';
import { profileSchema } from './schema.js';

/**
 * The JSON Schema editors use to complete and check profiles, generated from profileSchema
 * (input side: fields with defaults are optional). schema/profile.schema.json is this, written
 * by `npm run schema`; a unit test keeps the committed file equal to a fresh generation.
 */
export function profileJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(profileSchema, { io: 'input', target: 'draft-7' });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'picon cluster profile',
    description: 'A cluster for picon: an HAProxy head node and its workers. See docs/profiles.md.',
    ...rest,
  };
}

export function renderProfileJsonSchema(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}
