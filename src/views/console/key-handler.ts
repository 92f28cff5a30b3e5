import { describeAction } from '../../core/actions/catalog.js';
import { parseActionArgs } from '../../core/actions/parse-action-args.js';
import { DEFAULT_BATCH, DEFAULT_WAIT_IDLE_SECONDS, type RolloutRequest } from '../../core/rollout/rollout-request.js';
import { parseWeightValue } from '../../core/actions/weight-value.js';
import { presetsOf } from '../../core/loadtest/run-plan.js';
import type { ActionFlow } from './action-flow.js';
import { parseCommandLine, type CommandLineIntent } from './command-line.js';
import { effectiveSelection } from './console-reducer.js';
import { keyContext, topDialog, type Dialog } from './console-state.js';
import type { ConsoleDeps } from './console-ports.js';
import { bindingFor, KEYMAP, type KeyBinding, type KeyIntent, type KeyPress } from './keymap.js';
import type { RunsLoader } from './recent-runs.js';
import { serversOf, visibleNodes } from './render/node-filter.js';
import type { SortColumn } from './render/node-sort.js';
import type { UiStore } from './ui-store.js';

/** Keys → intents (through the keymap) → UI messages and actions. Holds no state of its own. */

export const STOP_LOAD_TEST = 'stop the running load test';

const sortWords: Partial<Record<SortColumn, string>> = { reach: 'SSH state', state: 'HAProxy state', rate: 'req/s', memory: 'memory', temperature: 'temperature' };
const TEXT_SORTS: ReadonlySet<SortColumn> = new Set(['name', 'model', 'reach', 'state']);

/** The `R` key's rollouts: a restart of one service, on every worker or on the selected node, with the command line's defaults. */
function rolloutOf(service: string, workers: RolloutRequest['workers']): RolloutRequest {
  return { kind: 'rollout', change: { kind: 'restart', service }, workers, batch: DEFAULT_BATCH, waitIdleMs: DEFAULT_WAIT_IDLE_SECONDS * 1000, shutdownSessions: false };
}

export interface KeyHandler {
  press(key: KeyPress): void;
}

const BACKSPACE = (k: KeyPress) => k.backspace === true || k.delete === true;
/** One character of a chunk as the key Ink would have reported on its own. */
export function singleKey(ch: string): KeyPress {
  switch (ch) {
    case '\r':
    case '\n':
      return { input: '', return: true };
    case '\t':
      return { input: '', tab: true };
    case '\u007f':
    case '\b':
      return { input: '', backspace: true };
    case '\u0003':
      return { input: 'c', ctrl: true };
    default:
      return { input: ch };
  }
}

const printable = (input: string) => [...input].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');

export function createKeyHandler(deps: ConsoleDeps, ui: UiStore, flow: ActionFlow, keymap: readonly KeyBinding[], runs?: RunsLoader): KeyHandler {
  const visible = () => visibleNodes(deps.cluster.getState(), ui.getState().filter, ui.getState().sort).map((n) => n.spec.name);
  const selected = () => effectiveSelection(ui.getState(), visible());
  const flash = (text: string, level: 'info' | 'warn' | 'error' = 'info') => ui.dispatch({ type: 'flash', flash: { text, level, at: deps.now() } });

  function withNode(then: (node: string) => void): void {
    const node = selected();
    if (node === undefined) flash('no node selected', 'warn');
    else then(node);
  }

  function openWeight(node: string): void {
    const servers = serversOf(deps.cluster.getState(), node);
    if (servers.length === 0) return flash(`${node} is no HAProxy server: it has no weight`, 'warn');
    const current = servers[0]?.record.weight;
    ui.dispatch({ type: 'open', dialog: { kind: 'weight', node, ...(current !== undefined && { current }), draft: current === undefined ? '' : String(current) } });
  }

  function openPresets(): void {
    if (deps.cluster.getState().loadTest?.state === 'running') {
      ui.dispatch({ type: 'open', dialog: { kind: 'presets', choices: [{ name: STOP_LOAD_TEST }], index: 0 } });
      return;
    }
    const choices = presetsOf(deps.profile).map((p) => ({ name: p.name, ...(p.description !== undefined && { description: p.description }) }));
    const note = deps.loadTests === undefined ? 'Load tests cannot run from this console yet: use `picon bench NAME`.' : undefined;
    ui.dispatch({ type: 'open', dialog: { kind: 'presets', choices, index: 0, ...(note !== undefined && { note }) } });
  }

  function runCommand(intent: CommandLineIntent): void {
    switch (intent.kind) {
      case 'action':
        return flow.request(intent.request, intent.resolved);
      case 'filter':
        return ui.dispatch({ type: 'set-filter', filter: intent.text });
      case 'help':
        return ui.dispatch({ type: 'open', dialog: { kind: 'help' } });
      case 'quit':
        return deps.quit();
    }
  }

  function accept(dialog: Dialog): void {
    switch (dialog.kind) {
      case 'help':
        return ui.dispatch({ type: 'close' });
      case 'confirm':
        ui.dispatch({ type: 'close' });
        if (dialog.focus === 'action') void flow.execute(dialog.action);
        return;
      case 'weight': {
        const parsed = parseWeightValue(dialog.draft.trim());
        if (!parsed.ok) return ui.dispatch({ type: 'dialog-error', error: parsed.reason });
        ui.dispatch({ type: 'close' });
        return flow.request({ kind: 'weight', node: dialog.node, weight: parsed.value, force: false });
      }
      case 'services': {
        const service = dialog.choices[dialog.index];
        ui.dispatch({ type: 'close' });
        const rollout = dialog.rollouts?.[dialog.index];
        if (rollout !== undefined) return flow.request(rollout);
        if (service !== undefined) flow.request({ kind: 'restart', node: dialog.node, service });
        return;
      }
      case 'presets': {
        const preset = dialog.choices[dialog.index];
        ui.dispatch({ type: 'close' });
        if (preset?.name === STOP_LOAD_TEST) {
          if (flow.cancelLoadTest()) flash('stopping the load test…');
        } else if (preset !== undefined) flow.startLoadTest(preset.name);
        return;
      }
      case 'filter':
        ui.dispatch({ type: 'set-filter', filter: dialog.draft.trim() });
        return ui.dispatch({ type: 'close' });
      case 'passphrase':
        return deps.passphrases?.answer(dialog.draft);
      case 'command': {
        const parsed = parseCommandLine(dialog.draft, deps.profile);
        if (!parsed.ok) return ui.dispatch({ type: 'dialog-error', error: parsed.reason });
        ui.dispatch({ type: 'close' });
        return runCommand(parsed.value);
      }
    }
  }

  function nudge(dialog: Dialog, step: number): void {
    if (dialog.kind !== 'weight') return;
    const now = /^\d+$/.test(dialog.draft) ? Number(dialog.draft) : (dialog.current ?? 0);
    ui.dispatch({ type: 'edit', draft: String(Math.max(0, Math.min(256, now + step))) });
  }

  function intent(what: KeyIntent): void {
    const state = ui.getState();
    const dialog = topDialog(state);
    switch (what) {
      case 'select-up':
      case 'select-down':
        return ui.dispatch({ type: 'move', delta: what === 'select-up' ? -1 : 1, visible: visible() });
      case 'open-details':
        return withNode((node) => {
          ui.dispatch({ type: 'select', node });
          ui.dispatch({ type: 'view', view: 'details' });
        });
      case 'back':
        if (state.view !== 'nodes') return ui.dispatch({ type: 'view', view: 'nodes' });
        if (flow.cancelLoadTest()) return flash('stopping the load test…');
        if (flow.cancelRollout()) return flash('stopping the rollout after the nodes in hand are back in service…');
        if (state.filter !== '') return ui.dispatch({ type: 'set-filter', filter: '' });
        return;
      case 'weight':
        return withNode(openWeight);
      case 'restart':
        return withNode((node) => {
          const services = deps.profile.nodes.find((n) => n.name === node)?.services ?? [];
          if (services.length === 0) return flash(`${node} has no services in the profile`, 'warn');
          ui.dispatch({ type: 'open', dialog: { kind: 'services', node, choices: services, index: 0 } });
        });
      case 'rollout':
        return withNode((node) => {
          const services = deps.profile.nodes.find((n) => n.name === node)?.services ?? [];
          if (!deps.profile.workers.some((w) => w.name === node) || services.length === 0) return flash(`${node} is not a worker with services to roll out; select a worker`, 'warn');
          const rollouts = services.flatMap((service) => [rolloutOf(service, 'all'), rolloutOf(service, [node])]);
          const choices = rollouts.map((r) => describeAction(r).replace(/^rollout /, ''));
          ui.dispatch({ type: 'open', dialog: { kind: 'services', node, choices, index: 0, rollouts } });
        });
      case 'bench':
        return openPresets();
      case 'load-results':
        ui.dispatch({ type: 'view', view: 'loadtests' });
        return runs?.reload();
      case 'older-run':
      case 'newer-run':
        return ui.dispatch({ type: 'browse-runs', delta: what === 'older-run' ? 1 : -1 });
      case 'toggle-flagged':
        return ui.dispatch({ type: 'toggle-flagged' });
      case 'sort':
        return undefined;
      case 'filter':
        return ui.dispatch({ type: 'open', dialog: { kind: 'filter', draft: state.filter } });
      case 'command':
        return ui.dispatch({ type: 'open', dialog: { kind: 'command', draft: '' } });
      case 'help':
        return ui.dispatch(dialog?.kind === 'help' ? { type: 'close' } : { type: 'open', dialog: { kind: 'help' } });
      case 'quit':
        return deps.quit();
      case 'focus-switch':
        return ui.dispatch({ type: 'focus-switch' });
      case 'pick-up':
      case 'pick-down':
        return ui.dispatch({ type: 'pick', delta: what === 'pick-up' ? -1 : 1 });
      case 'nudge':
        return undefined;
      case 'accept':
        return dialog === undefined ? undefined : accept(dialog);
      case 'cancel':
        if (dialog?.kind === 'passphrase' && deps.passphrases !== undefined) return deps.passphrases.answer(undefined);
        return ui.dispatch({ type: 'close' });
      default:
        // An action on the selected node alone (drain, ready, maint…): its verb's own parser makes the request.
        return withNode((node) => {
          const parsed = parseActionArgs(what, [node]);
          if (parsed.ok) flow.request(parsed.request);
          else flash(parsed.reason, 'warn');
        });
    }
  }

  function sortBy(how: 'next' | 'reverse'): void {
    ui.dispatch({ type: 'sort', how });
    const sort = ui.getState().sort;
    if (sort === undefined) return flash('nodes in the profile\'s order');
    const text = typeof sortWords[sort.column] === 'string' ? sortWords[sort.column] : sort.column;
    flash(`nodes sorted by ${text}, ${sort.descending ? (TEXT_SORTS.has(sort.column) ? 'Z to A' : 'largest first') : TEXT_SORTS.has(sort.column) ? 'A to Z' : 'smallest first'} (o: next column, O: the other way)`);
  }

  function editText(key: KeyPress): boolean {
    const dialog = topDialog(ui.getState());
    if (dialog === undefined || (dialog.kind !== 'filter' && dialog.kind !== 'command' && dialog.kind !== 'weight' && dialog.kind !== 'passphrase')) return false;
    if (BACKSPACE(key)) {
      ui.dispatch({ type: 'edit', draft: dialog.draft.slice(0, -1) });
      return true;
    }
    const text = key.ctrl === true ? '' : printable(key.input);
    if (text === '') return false;
    // The filter follows every key typed.
    ui.dispatch({ type: 'edit', draft: dialog.draft + text });
    if (dialog.kind === 'filter') ui.dispatch({ type: 'set-filter', filter: (dialog.draft + text).trim() });
    return true;
  }

  function press(key: KeyPress): void {
    // Several keys in one chunk (typed fast, pasted, or sent by tmux): one at a time.
    if ([...key.input].length > 1 && key.ctrl !== true && key.escape !== true) {
      for (const ch of key.input) press(singleKey(ch));
      return;
    }
    const context = keyContext(ui.getState());
    const binding = bindingFor(keymap, context, key);
    if (binding?.intent === 'sort') return sortBy(key.input === 'O' ? 'reverse' : 'next');
    if (binding?.intent === 'nudge') {
      const dialog = topDialog(ui.getState());
      return dialog === undefined ? undefined : nudge(dialog, key.input === '+' || key.upArrow === true ? 1 : -1);
    }
    if (binding !== undefined) return intent(binding.intent);
    if ((context === 'text' || context === 'prompt') && editText(key)) return;
    // A key --read-only hid: said so, by the same rule that hid it.
    const offered = bindingFor(KEYMAP, context, key)?.action;
    if (offered !== undefined) flow.refused(offered.name, `${offered.key.char} (${offered.key.hint})`);
  }

  return { press };
}
