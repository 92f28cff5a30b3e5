import { z } from 'zod';
import { actionOutputSchema } from './action-output.js';
import {
  benchCompareOutputSchema,
  benchHistoryOutputSchema,
  benchPlanOutputSchema,
  benchPresetsOutputSchema,
  benchRunOutputSchema,
} from './bench-output.js';
import { errorOutputSchema } from './error-output.js';
import { commandHelpOutputSchema, helpOutputSchema } from './help-output.js';
import { labControlOutputSchema, labDownOutputSchema, labSensorsOutputSchema, labStatusOutputSchema } from './lab-output.js';
import { profileListOutputSchema, profileShowOutputSchema, profileUseOutputSchema, profileValidateOutputSchema } from './profile-output.js';
import { statusOutputSchema } from './status-output.js';
import { studyOutputSchema, studyPlanOutputSchema } from './study-output.js';
import { trustOutputSchema } from './trust-output.js';
import { versionOutputSchema } from './version-output.js';

/** Every `--json` output by name; schema/NAME.schema.json is generated from each (`npm run schema`). */
export const OUTPUT_SCHEMAS = {
  error: { schema: errorOutputSchema, title: 'picon: a refusal or failure under --json (any command)' },
  status: { schema: statusOutputSchema, title: 'picon status --json' },
  action: { schema: actionOutputSchema, title: 'picon drain|ready|maint|weight|restart --json (also with --dry-run)' },
  'bench-presets': { schema: benchPresetsOutputSchema, title: 'picon bench --json (the preset list)' },
  'bench-plan': { schema: benchPlanOutputSchema, title: 'picon bench PRESET --dry-run --json' },
  'bench-run': { schema: benchRunOutputSchema, title: 'picon bench PRESET --json' },
  'bench-history': { schema: benchHistoryOutputSchema, title: 'picon bench history --json' },
  'bench-compare': { schema: benchCompareOutputSchema, title: 'picon bench compare RUN... --json' },
  study: { schema: studyOutputSchema, title: 'picon study --json (also study show --json)' },
  'study-plan': { schema: studyPlanOutputSchema, title: 'picon study --dry-run --json' },
  'lab-status': { schema: labStatusOutputSchema, title: 'picon lab status|up --json' },
  'lab-down': { schema: labDownOutputSchema, title: 'picon lab down --json' },
  'lab-control': { schema: labControlOutputSchema, title: 'picon lab stop|start|kill|freeze|restart|is-active|stall|head-threads|cpu-cap|slow --json' },
  'lab-sensors': { schema: labSensorsOutputSchema, title: 'picon lab heat|cool|undervolt NODE --json' },
  'profile-list': { schema: profileListOutputSchema, title: 'picon profile list --json' },
  'profile-show': { schema: profileShowOutputSchema, title: 'picon profile show --json' },
  'profile-validate': { schema: profileValidateOutputSchema, title: 'picon profile validate --json' },
  'profile-use': { schema: profileUseOutputSchema, title: 'picon profile use --json' },
  trust: { schema: trustOutputSchema, title: 'picon trust NODE --json' },
  version: { schema: versionOutputSchema, title: 'picon --version --json' },
  help: { schema: helpOutputSchema, title: 'picon --help --json (every command, its arguments and flags)' },
  'command-help': { schema: commandHelpOutputSchema, title: 'picon COMMAND --help --json' },
} as const satisfies Record<string, { schema: z.ZodType; title: string }>;

export type OutputName = keyof typeof OUTPUT_SCHEMAS;
export const OUTPUT_NAMES = Object.keys(OUTPUT_SCHEMAS) as OutputName[];

export function outputJsonSchema(name: OutputName): Record<string, unknown> {
  const { schema, title } = OUTPUT_SCHEMAS[name];
  const { $schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-7' });
  return { $schema, title, description: "picon's --json output; docs/status.md lists every one and what its fields mean.", ...rest };
}

export function renderOutputJsonSchema(name: OutputName): string {
  return `${JSON.stringify(outputJsonSchema(name), null, 2)}\n`;
}

/** Where a value does not fit its schema: "haproxy.servers.0.checkDescription: expected string", or undefined when it fits. */
export function outputMismatch(name: OutputName, value: unknown): string | undefined {
  const checked = OUTPUT_SCHEMAS[name].schema.safeParse(value);
  if (checked.success) return undefined;
  const issue = checked.error.issues[0];
  return `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
}
