import type { ActionKind } from '../../core/actions/action-request.js';
import { CATALOG, isActionName, type CatalogRequest } from '../../core/actions/catalog.js';
import { parseActionArgs } from '../../core/actions/parse-action-args.js';
import type { Profile } from '../../core/profile/profile.js';
import { resolveAction, type ResolvedAction } from '../../core/actions/resolve-action.js';
import { failure, success, type Result } from '../../core/result.js';
import { parseRolloutArgs } from '../../core/rollout/parse-rollout-args.js';
import { resolveRollout } from '../../core/rollout/resolve-rollout.js';

/**
 * What a `:` command line asks for. The catalog's actions take the same arguments as their `picon`
 * verbs; an action on the cluster comes resolved (its targets checked here, once).
 */
export type CommandLineIntent =
  | { readonly kind: 'action'; readonly request: CatalogRequest; readonly resolved?: ResolvedAction }
  | { readonly kind: 'filter'; readonly text: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' };

export type CommandLineParse = Result<CommandLineIntent>;

export const COMMAND_WORDS: readonly string[] = [...CATALOG.map((e) => e.name), 'filter', 'help', 'quit'];

const fail = (reason: string): CommandLineParse => failure(reason);

export function parseCommandLine(text: string, profile: Profile): CommandLineParse {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const [verb, ...args] = words;
  if (verb === undefined) return fail('type a command: drain p2, weight pi3 3, restart p1 nginx, bench NAME, filter TEXT, quit');
  if (verb === 'bench') return args[0] === undefined ? fail('bench needs a preset name') : success({ kind: 'action', request: { kind: 'bench', preset: args[0] } });
  if (verb === 'rollout') {
    const parsed = parseRolloutArgs(args);
    if (!parsed.ok) return fail(parsed.reason);
    if (parsed.value.kind === 'resume') return fail('rollout resume runs from the command line: `picon rollout resume`');
    const found = resolveRollout(profile, parsed.value.request);
    return found.ok ? success({ kind: 'action', request: parsed.value.request }) : fail(found.reason);
  }
  if (isActionName(verb)) {
    const parsed = parseActionArgs(verb as ActionKind, args);
    if (!parsed.ok) return fail(`${parsed.reason} (usage: ${parsed.usage.replace(/^picon /, '')})`);
    const resolved = resolveAction(profile, parsed.request);
    return resolved.ok ? success({ kind: 'action', request: parsed.request, resolved: resolved.value }) : resolved;
  }
  switch (verb) {
    case 'filter':
      return success({ kind: 'filter', text: args.join(' ') });
    case 'help':
      return success({ kind: 'help' });
    case 'q':
    case 'quit':
      return success({ kind: 'quit' });
    default:
      return fail(`unknown command "${verb}": one of ${COMMAND_WORDS.join(', ')}`);
  }
}
