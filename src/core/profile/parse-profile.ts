import { LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { Profile } from './profile.js';
import { formatFieldPath, type FieldPath } from './field-path.js';
import { resolveProfile } from './resolve.js';
import { profileSchema } from './schema.js';
import { fieldAtOffset, locateField } from './yaml-locate.js';
import { profileErrorMap, toSchemaIssues } from './zod-issues.js';

/** One thing wrong with a profile file, precise enough to fix it without guessing. */
export interface ProfileError {
  /** The file as it should be shown to the user. */
  readonly file: string;
  /** Field path such as "workers[2].ssh.jump"; "" for the whole file. */
  readonly path: string;
  /** 1-based; absent when the parser cannot tell. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

// Not a Result: a failure carries every problem (with its line), not one reason.
export type ParseProfileResult =
  | { readonly ok: true; readonly profile: Profile }
  | { readonly ok: false; readonly errors: readonly ProfileError[] };

export interface ParseProfileOptions {
  /** How error lines name the file (e.g. relative to the working directory); default `file`. */
  readonly displayFile?: string;
}

/** `profiles/x.yaml:14:7: workers[2].name: must be …` */
export function formatProfileError(error: ProfileError): string {
  const where = error.line !== undefined ? `${error.file}:${error.line}:${error.column ?? 1}` : error.file;
  return error.path === '' ? `${where}: ${error.message}` : `${where}: ${error.path}: ${error.message}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function yamlErrorMessage(error: YAMLError, doc: Document): { path: FieldPath; message: string } {
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const path = fieldAtOffset(doc, error.pos[0]);
      return { path, message: 'is given twice (each field may appear once in a mapping)' };
    }
    case 'MULTIPLE_DOCS':
      return { path: [], message: 'holds more than one YAML document (a profile is one; remove the extra "---")' };
    case 'TAB_AS_INDENT':
      return { path: [], message: 'YAML does not allow tabs for indentation; use spaces' };
    default:
      return { path: [], message: `YAML syntax: ${oneLine(error.message)}` };
  }
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'string' ? 'a single text value' : `a single ${typeof value} value`;
}

/**
 * Reads a profile from YAML text: syntax, schema (strict), then the cross-field checks of
 * resolveProfile. Pure: the caller reads the file. `file` should be absolute (relative paths
 * inside the profile are resolved against its directory).
 */
export function parseProfile(yamlText: string, file: string, homeDir: string, options: ParseProfileOptions = {}): ParseProfileResult {
  const displayFile = options.displayFile ?? file;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });

  const at = (offset: number | undefined, path: FieldPath, message: string): ProfileError => {
    const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
    return {
      file: displayFile,
      path: formatFieldPath(path),
      ...(pos !== undefined && { line: pos.line, column: pos.col }),
      message,
    };
  };
  const fail = (errors: ProfileError[]): ParseProfileResult => ({
    ok: false,
    errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)),
  });

  if (doc.errors.length > 0) {
    return fail(doc.errors.map((e) => {
      const { path, message } = yamlErrorMessage(e, doc);
      return at(e.pos[0], path, message);
    }));
  }
  if (doc.contents === null) {
    return fail([at(undefined, [], 'is empty; a profile needs at least `head` and `workers` (see docs/profiles.md)')]);
  }

  const aliasErrors: ProfileError[] = [];
  visit(doc, {
    Alias: (_key, alias) => {
      if (alias.resolve(doc) !== undefined) return;
      const offset = alias.range?.[0];
      const path = offset === undefined ? [] : fieldAtOffset(doc, offset);
      aliasErrors.push(at(offset, path, `*${alias.source} refers to no anchor; define &${alias.source} before it`));
    },
  });
  if (aliasErrors.length > 0) return fail(aliasErrors);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail([at(doc.contents.range?.[0], [], `cannot be read: ${oneLine(reason)}`)]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail([at(doc.contents.range?.[0], [], `must be a mapping of fields (head, workers, …), not ${kindOf(data)}`)]);
  }

  const parsed = profileSchema.safeParse(data, { error: profileErrorMap, reportInput: true });
  if (!parsed.success) {
    return fail(toSchemaIssues(parsed.error.issues, profileSchema).map((issue) =>
      at(locateField(doc, issue.path, issue.atKey), issue.path, issue.message)));
  }

  const resolved = resolveProfile(parsed.data, { file, homeDir });
  if (!resolved.ok) {
    return fail(resolved.issues.map((issue) => at(locateField(doc, issue.path), issue.path, issue.message)));
  }
  return { ok: true, profile: resolved.profile };
}
