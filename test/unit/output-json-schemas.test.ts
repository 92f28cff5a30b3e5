import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { culpritOf } from '../../src/core/json-output/error-output.js';
import { OUTPUT_NAMES, outputJsonSchema, outputMismatch, renderOutputJsonSchema } from '../../src/core/json-output/output-schemas.js';

const schemaDir = path.resolve(import.meta.dirname, '../../schema');

describe('schema/*.schema.json of the --json outputs', () => {
  it.each(OUTPUT_NAMES)('schema/%s.schema.json equals a fresh generation from its zod schema (run `npm run schema`)', (name) => {
    expect(readFileSync(path.join(schemaDir, `${name}.schema.json`), 'utf8')).toBe(renderOutputJsonSchema(name));
  });

  it('has no file that no output generates', () => {
    const files = readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json')).sort();
    expect(files).toEqual([...OUTPUT_NAMES.map((n) => `${n}.schema.json`), 'profile.schema.json'].sort());
  });

  it.each(OUTPUT_NAMES)('%s: requires schemaVersion 1 at the top (on each run for bench-history)', (name) => {
    const schema = outputJsonSchema(name) as { type: string; required?: string[]; items?: { required: string[] } };
    const required = schema.type === 'array' ? schema.items?.required : schema.required;
    expect(required).toContain('schemaVersion');
    const validate = new Ajv({ strict: false }).compile(schema);
    const missing = schema.type === 'array' ? [{}] : {};
    expect(validate(missing)).toBe(false);
  });
});

describe('the error output', () => {
  const ajv = new Ajv({ strict: false });
  const validate = ajv.compile(outputJsonSchema('error'));

  it.each([
    [{ schemaVersion: 1, error: { code: 'bad-input', message: 'unknown command "x"', culprit: 'x' } }, true],
    [{ schemaVersion: 1, error: { code: 'failed', message: 'no lab in /tmp/x', culprit: null, hint: 'picon lab up' } }, true],
    [{ schemaVersion: 1, error: { code: 'oops', message: 'm', culprit: null } }, false],
    [{ schemaVersion: 2, error: { code: 'failed', message: 'm', culprit: null } }, false],
    [{ schemaVersion: 1, error: { code: 'failed', message: 'm' } }, false],
    [{ error: { code: 'failed', message: 'm', culprit: null } }, false],
  ])('%j valid: %s (ajv and zod agree)', (value, valid) => {
    expect(validate(value)).toBe(valid);
    expect(outputMismatch('error', value) === undefined).toBe(valid);
  });
});

describe('culpritOf', () => {
  it.each([
    ['--timeout must be 1 to 120 seconds (got "0")', '--timeout'],
    ['-c must be a whole number above 0, not "x"', '-c'],
    ['unknown option --frobnicate', '--frobnicate'],
    ['no node named "p9" in profile lab', 'p9'],
    ['unknown command "frob"', 'frob'],
    ['no lab in /tmp/picon-lab', '/tmp/picon-lab'],
    ['no lab in /x/lab (start one with `picon lab up --dir /x/lab`)', '/x/lab'],
    ['no run "nosuch" in the history (see `picon bench history`); older runs: add --all', 'nosuch'],
    ["status: Unknown option '--bogus'", '--bogus'],
    ['drain p1: refused, picon is running --read-only (it changes the cluster)', '--read-only'],
    ['maint p1 needs confirmation and there is no terminal to ask on: add --yes to go ahead', '--yes'],
    ['usage: picon bench compare RUN... [--all] [--format md|csv|json]', null],
    ['lab needs a subcommand', null],
    ['one preset at a time (got a, b)', null],
  ])('%s → %s', (message, culprit) => {
    expect(culpritOf(message)).toBe(culprit);
  });
});
