import { z } from 'zod';

/**
 * A preset's `mix`: a weighted list of requests sent interleaved by weight (core/loadtest/mix.ts).
 * The path, header and body rules are the preset's own, passed in so there is one of each.
 */

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const;
export const MAX_MIX_ENTRIES = 16;
export const MAX_MIX_WEIGHT = 10_000;

interface FieldSchemas {
  readonly path: z.ZodType<string>;
  readonly headers: z.ZodType<Record<string, string>>;
  readonly body: z.ZodType<string>;
}

export function mixSchema(fields: FieldSchemas) {
  const entry = z
    .object({
      name: z.string().min(1).max(40).optional()
        .describe('What results call this kind of request; default "METHOD path"'),
      weight: z.number().int().min(0).max(MAX_MIX_WEIGHT)
        .describe('Its share of the requests: weight ÷ the sum of the weights'),
      method: z.enum(HTTP_METHODS).default('GET'),
      path: fields.path,
      headers: fields.headers.optional().describe("Added to the preset's own headers (these win)"),
      body: fields.body.optional(),
    })
    .strict();
  return z
    .array(entry)
    .min(1)
    .max(MAX_MIX_ENTRIES)
    .superRefine((entries, ctx) => {
      if (entries.length > 0 && entries.reduce((sum, e) => sum + e.weight, 0) === 0) {
        ctx.addIssue({ code: 'custom', message: 'the weights add up to 0; give at least one request a weight above 0', input: entries });
      }
      const seen = new Set<string>();
      entries.forEach((e, i) => {
        const name = e.name ?? `${e.method} ${e.path}`;
        if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'is in the mix twice; give each a name', input: name });
        seen.add(name);
      });
    });
}
