// parseArgs for the bench scripts: `--help` prints the script's opening comment (its usage);
// an unknown option, or a number option that is not a number, is one line on stderr and exit 2.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Same config and result as node:util's parseArgs ({ options } → { values }). */
export function benchArgs(scriptUrl, config) {
  const file = fileURLToPath(scriptUrl);
  const name = path.basename(file);
  const fail = (message) => {
    process.stderr.write(`${name}: ${message} (--help shows the options)\n`);
    process.exit(2);
  };
  let values;
  try {
    ({ values } = parseArgs({ options: { ...config.options, help: { type: 'boolean', default: false } }, strict: true, allowPositionals: false }));
  } catch (error) {
    fail(error.message);
  }
  if (values.help) {
    process.stdout.write(usage(file));
    process.exit(0);
  }
  // An option whose default is a number takes numbers only.
  for (const [key, option] of Object.entries(config.options)) {
    const numeric = option.type === 'string' && typeof option.default === 'string' && option.default !== '' && Number.isFinite(Number(option.default));
    if (numeric && !(Number.isFinite(Number(values[key])) && Number(values[key]) >= 0 && values[key] !== '')) fail(`--${key} must be a number ≥ 0 (got "${values[key]}")`);
  }
  const { help: _help, ...rest } = values;
  return { values: rest };
}

/** The comment block under the shebang, without its `// `. */
function usage(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const comment = [];
  for (const line of lines.slice(lines[0]?.startsWith('#!') ? 1 : 0)) {
    if (!line.startsWith('//')) break;
    comment.push(line.replace(/^\/\/ ?/, ''));
  }
  return `${comment.join('\n')}\n`;
}
