import { z } from 'zod';
import { schemaVersionField } from './schema-version.js';

/**
 * `picon --help --json` and `picon COMMAND --help --json`: the command table that drives `--help`
 * and shell completion, as data (src/cli/command-spec.ts describes each field).
 */

const valueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('int'), min: z.number(), max: z.number() }),
  z.object({ kind: z.literal('enum'), values: z.array(z.string()) }),
  z.object({ kind: z.enum(['node', 'worker', 'service', 'backend', 'preset', 'profile', 'run', 'file', 'dir', 'url', 'text']) }),
]);

const flagSchema = z.object({
  name: z.string(),
  aliases: z.array(z.string()).optional(),
  value: valueSchema,
  placeholder: z.string().optional(),
  help: z.string(),
  only: z.array(z.string()).optional(),
});

const argSchema = z.object({ value: valueSchema, repeat: z.boolean().optional() });

export const commandSpecSchema = z.object({
  name: z.string(),
  usage: z.string(),
  summary: z.string(),
  args: z.array(argSchema).optional(),
  subcommands: z.array(z.object({ name: z.string(), args: z.array(argSchema).optional(), help: z.string() })).optional(),
  flags: z.array(flagSchema).optional(),
  notes: z.array(z.string()).optional(),
  valuesProfile: z.string().optional(),
});

export const helpOutputSchema = z.object({
  ...schemaVersionField,
  version: z.string(),
  globalFlags: z.array(flagSchema),
  consoleFlags: z.array(flagSchema),
  commands: z.array(commandSpecSchema),
});

export const commandHelpOutputSchema = z.object({ ...schemaVersionField, command: commandSpecSchema });
