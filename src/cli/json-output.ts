import { culpritOf, type ErrorCode } from '../core/json-output/error-output.js';
import { outputMismatch, type OutputName } from '../core/json-output/output-schemas.js';
import { withSchemaVersion } from '../core/json-output/schema-version.js';

interface Out {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Prints one `--json` output with its schemaVersion; one that does not fit schema/NAME.schema.json is still printed, with a warning. */
export function writeJson(out: Out, name: OutputName, value: object): void {
  const versioned = Array.isArray(value) ? value.map((v: object) => withSchemaVersion(v)) : withSchemaVersion(value);
  const mismatch = outputMismatch(name, versioned);
  if (mismatch !== undefined) out.stderr.write(`picon: warning: this output does not fit schema/${name}.schema.json (${mismatch}); please report it\n`);
  out.stdout.write(`${JSON.stringify(versioned, null, 2)}\n`);
}

export interface JsonError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Derived from the message when not given. */
  readonly culprit?: string | null;
  readonly hint?: string;
}

/** A refusal or failure under `--json`: on stdout, so a script reads one JSON document either way. */
export function writeJsonError(out: Out, error: JsonError): void {
  writeJson(out, 'error', {
    error: {
      code: error.code,
      message: error.message,
      culprit: error.culprit !== undefined ? error.culprit : culpritOf(error.message),
      ...(error.hint !== undefined && { hint: error.hint }),
    },
  });
}
