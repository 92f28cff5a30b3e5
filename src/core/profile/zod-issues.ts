import type { z } from 'zod';
import { likelyMeant } from './closest-names.js';
import type { FieldPath } from './field-path.js';

/** Zod's issues, said the way a person editing a profile needs to hear them. */

export interface SchemaIssue {
  readonly path: FieldPath;
  readonly message: string;
  /** Point at the key rather than its value (unknown fields). */
  readonly atKey: boolean;
}

const EXPECTED: Record<string, string> = {
  object: 'a mapping of fields',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  record: 'a mapping',
};

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${Number(n) === 1 ? '' : 's'}`;
}

/** Messages for issues the schema gives no message of its own. */
export const profileErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${plural(issue.minimum, 'item')}`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${plural(issue.minimum, 'character')}`;
      return issue.inclusive ? `must be at least ${issue.minimum}` : `must be more than ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `can have at most ${plural(issue.maximum, 'item')}`;
      if (issue.origin === 'string') return `must be at most ${plural(issue.maximum, 'character')}`;
      return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return undefined;
  }
};

/** A short, one-line picture of a value from the file. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

interface ZodLike {
  readonly def: { readonly type: string; readonly innerType?: ZodLike; readonly element?: ZodLike; readonly valueType?: ZodLike };
  readonly shape?: Record<string, unknown>;
}

/** The field names an object schema allows at `path`. */
function fieldsAt(schema: ZodLike, path: FieldPath): string[] {
  let current: ZodLike | undefined = schema;
  const unwrap = (): void => {
    while (current?.def.innerType !== undefined) current = current.def.innerType;
  };
  for (const part of path) {
    unwrap();
    if (current === undefined) return [];
    if (current.def.type === 'object' && typeof part === 'string') current = current.shape?.[part] as ZodLike | undefined;
    else if (current.def.type === 'array') current = current.def.element;
    else if (current.def.type === 'record') current = current.def.valueType;
    else return [];
  }
  unwrap();
  return current?.def.type === 'object' ? Object.keys(current.shape ?? {}) : [];
}

const SHOWS_INPUT = new Set(['invalid_type', 'invalid_value', 'invalid_format', 'too_small', 'too_big', 'custom']);

export function toSchemaIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = fieldsAt(schema as unknown as ZodLike, path);
      for (const key of issue.keys) {
        const meant = likelyMeant(key, known);
        const hint = meant !== undefined ? `did you mean "${meant}"?` : `fields here: ${known.join(', ')}`;
        out.push({ path: [...path, key], message: `unknown field (${hint})`, atKey: true });
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    const showInput = SHOWS_INPUT.has(issue.code) && input !== undefined && !(issue.code === 'too_small' && Array.isArray(input));
    out.push({ path, message: showInput ? `${issue.message} (got ${describeValue(input)})` : issue.message, atKey: false });
  }
  return out;
}
