import { createInterface } from 'node:readline';
import { createRuntime } from '../runtime.js';
import { trustNode, type Confirm, type TrustOutcome } from '../../adapters/ssh/trust.js';
import type { CommandContext } from '../command.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_PARTIAL, UsageError } from '../exit-codes.js';
import { terminalPassphrasePrompt } from '../passphrase-prompt.js';
import { writeJson, writeJsonError } from '../json-output.js';

/** Asks on the terminal (question on stderr, answer from stdin); `--yes` answers for it. */
function confirmFor(ctx: CommandContext): Confirm {
  return async (question) => {
    if (ctx.globals.yes) return 'yes';
    if (ctx.stdin.isTTY !== true || ctx.stderr.isTTY !== true) return 'cannot-ask';
    const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
    try {
      const answer = await new Promise<string>((resolve) => {
        rl.once('close', () => resolve(''));
        rl.question(question, resolve);
      });
      return /^\s*y(es)?\s*$/i.test(answer) ? 'yes' : 'no';
    } finally {
      rl.close();
    }
  };
}

function answerJson(ctx: CommandContext, name: string, outcome: TrustOutcome): number {
  switch (outcome.status) {
    case 'added':
      writeJson(ctx, 'trust', { ...outcome.shown, status: 'added', file: outcome.file, line: outcome.line });
      return EXIT_OK;
    case 'already-trusted':
      writeJson(ctx, 'trust', { ...outcome.shown, status: 'already-trusted', file: outcome.at.source, line: outcome.at.line });
      return EXIT_OK;
    case 'not-added':
      if (outcome.reason === 'dry-run') {
        writeJson(ctx, 'trust', { ...outcome.shown, status: 'dry-run', file: outcome.file, knownHostsLine: outcome.knownHostsLine });
        return EXIT_OK;
      }
      if (outcome.reason === 'cannot-ask') {
        writeJsonError(ctx, { code: 'bad-input', message: `not added: no terminal to ask on; check the fingerprint (${outcome.shown.fingerprint}), then run \`picon trust ${name} --yes\``, culprit: name });
        return EXIT_BAD_INPUT;
      }
      writeJsonError(ctx, { code: 'refused', message: 'not added: declined', culprit: name });
      return EXIT_PARTIAL;
    case 'refused':
      writeJsonError(ctx, { code: 'refused', message: outcome.error.message, culprit: name, ...(outcome.hint !== undefined && { hint: outcome.hint }) });
      return EXIT_PARTIAL;
    case 'failed':
      writeJsonError(ctx, { code: 'failed', message: outcome.error.message, culprit: name });
      return EXIT_PARTIAL;
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const [name, ...extra] = ctx.args;
  if (name === undefined || name.startsWith('-') || extra.length > 0) {
    throw new UsageError('usage: picon trust NODE', 'Shows the node\'s host key fingerprint and, once you confirm, adds it to known_hosts.');
  }
  const profile = await createRuntime(ctx).profile();
  const node = profile.nodes.find((n) => n.name === name);
  if (node === undefined) {
    throw new UsageError(`no node named "${name}" in profile ${profile.name}`, `Nodes: ${profile.nodes.map((n) => n.name).join(', ')}`);
  }
  const passphrasePrompt = terminalPassphrasePrompt(ctx);
  const outcome = await trustNode({
    profile,
    node,
    env: ctx.env,
    confirm: confirmFor(ctx),
    // Under --json the lines still go out, on stderr, so a confirmation on a terminal shows what it confirms.
    print: (line) => (ctx.globals.json ? ctx.stderr : ctx.stdout).write(`${line}\n`),
    warn: (line) => ctx.stderr.write(`${line}\n`),
    dryRun: ctx.globals.dryRun,
    ...(passphrasePrompt !== undefined && { passphrasePrompt }),
  });
  if (ctx.globals.json) return answerJson(ctx, name, outcome);
  switch (outcome.status) {
    case 'added':
    case 'already-trusted':
      return EXIT_OK;
    case 'not-added':
      if (outcome.reason === 'dry-run') return EXIT_OK;
      if (outcome.reason === 'cannot-ask') {
        ctx.stderr.write(`picon: not added: no terminal to ask on; check the fingerprint, then run \`picon trust ${name} --yes\`\n`);
        return EXIT_BAD_INPUT;
      }
      ctx.stderr.write('Not added.\n');
      return EXIT_PARTIAL;
    case 'refused':
      if (outcome.error.kind === 'host-key-changed') ctx.stderr.write('@@@ WARNING: THE HOST KEY HAS CHANGED @@@\n');
      ctx.stderr.write(`picon: ${outcome.error.message}\n`);
      if (outcome.hint !== undefined) ctx.stderr.write(`  ${outcome.hint}\n`);
      return EXIT_PARTIAL;
    case 'failed':
      ctx.stderr.write(`picon: ${outcome.error.message}\n`);
      return EXIT_PARTIAL;
  }
}
