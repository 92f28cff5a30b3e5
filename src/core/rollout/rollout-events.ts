import type { PlannedCommand } from '../actions/action-report.js';
import type { NodePhase } from './rollout-progress.js';

/**
 * What a rollout says as it goes: `--json` prints each event as one JSON object per line
 * (schema/rollout-event.schema.json); the terminal gets the progress line and the stop or done line.
 */

export type RolloutEvent =
  | {
      readonly event: 'plan';
      readonly rollout: string;
      readonly id: string;
      readonly dryRun: boolean;
      readonly resumed: boolean;
      readonly batches: readonly (readonly string[])[];
      readonly notes: readonly string[];
      /** A dry run: every remote command each node would get, in order. */
      readonly commands?: readonly PlannedCommand[];
    }
  | { readonly event: 'phase'; readonly node: string; readonly phase: NodePhase; readonly batch: number; readonly detail?: string }
  | { readonly event: 'note'; readonly node?: string; readonly message: string }
  | {
      readonly event: 'stopped';
      readonly rollout: string;
      readonly node: string;
      readonly phase: NodePhase;
      readonly reason: string;
      readonly done: readonly string[];
      readonly resume: string;
    }
  | { readonly event: 'refused'; readonly rollout: string; readonly reason: string; readonly refusedBy?: 'guard' | 'lock' | 'journal' | 'resume' | 'declined' }
  | { readonly event: 'done'; readonly rollout: string; readonly nodes: readonly string[]; readonly seconds: number };

export type TimedEvent = RolloutEvent & { readonly time: string };

export const RESUME_COMMAND = 'picon rollout resume';

/** Where it stopped, what is left out of rotation, and how to go on: one line. */
export function stoppedLine(e: Extract<RolloutEvent, { event: 'stopped' }>): string {
  const done = e.done.length > 0 ? `${e.done.join(', ')} done and serving; ` : '';
  return `${e.rollout}: stopped at ${e.node} (${e.phase}): ${e.reason}; ${done}${e.node} is left out of rotation — fix it, then run \`${e.resume}\``;
}

/** The plan as lines: batches, why a batch is smaller, and (dry run) the exact commands. */
export function planLines(e: Extract<RolloutEvent, { event: 'plan' }>): string[] {
  const head = `${e.rollout}${e.dryRun ? ': dry run, nothing changed' : e.resumed ? ': resuming' : ''}`;
  const lines = [head, ...e.batches.map((b, i) => `  batch ${i + 1}: ${b.join(', ')}`), ...e.notes.map((n) => `  note: ${n}`)];
  for (const c of e.commands ?? []) lines.push(`    ${c.node} ${c.kind === 'runtime-api' ? `${c.socket ?? ''}: ${c.line}` : `$ ${c.line}`}${c.note !== undefined ? `   # ${c.note}` : ''}`);
  return lines;
}

/** The one human line an event gives, or undefined for a phase (the progress line says those). */
export function eventLine(e: RolloutEvent): string | undefined {
  switch (e.event) {
    case 'plan':
      return planLines(e).join('\n');
    case 'phase':
      return undefined;
    case 'note':
      return `${e.node !== undefined ? `${e.node}: ` : ''}${e.message}`;
    case 'stopped':
      return stoppedLine(e);
    case 'refused':
      return `${e.rollout}: refused: ${e.reason}`;
    case 'done':
      return `${e.rollout}: done: ${e.nodes.join(', ')} in ${Math.round(e.seconds)} s`;
  }
}
