import { CATALOG, readOnlyRefusal, type ActionName, type CatalogEntry } from '../../core/actions/catalog.js';

/**
 * The one keymap: every key the console answers, what it means and where. The keys that act are
 * the action catalog's (src/core/actions/catalog.ts); the rest (moving, views, dialogs) are here.
 * The `?` overlay, the footer hints and docs/keybindings.md are generated from this table;
 * `--read-only` hides what the catalog's rule refuses.
 */

/** Where a binding applies: the main views, or the dialog on top. */
export type KeyContext = 'nodes' | 'details' | 'loadtests' | 'confirm' | 'picker' | 'prompt' | 'text' | 'help';

export type KeyIntent =
  | ActionName
  | 'select-up'
  | 'select-down'
  | 'open-details'
  | 'back'
  | 'load-results'
  | 'older-run'
  | 'newer-run'
  | 'toggle-flagged'
  | 'filter'
  | 'sort'
  | 'command'
  | 'help'
  | 'quit'
  | 'focus-switch'
  | 'accept'
  | 'cancel'
  | 'pick-up'
  | 'pick-down'
  | 'nudge';

/** A key as Ink reports it: a named key, or a printable character. */
export type KeySpec =
  | { readonly char: string }
  | { readonly special: 'up' | 'down' | 'left' | 'right' | 'return' | 'escape' | 'tab' | 'ctrl-c' };

export interface KeyBinding {
  readonly intent: KeyIntent;
  readonly keys: readonly KeySpec[];
  /** How the keys are written for a person: "↑/k". */
  readonly label: string;
  readonly description: string;
  /** One word for the footer; no hint: not shown there. */
  readonly hint?: string;
  /** Where the footer shows the hint (default: everywhere the key works). */
  readonly hintIn?: readonly KeyContext[];
  /** The catalog's entry of the action the key starts; absent for keys that only move or show. */
  readonly action?: CatalogEntry;
  readonly contexts: readonly KeyContext[];
}

const MAIN: readonly KeyContext[] = ['nodes', 'details'];
/** The main views, the load-test results view too (keys that do not act on the selected node). */
const VIEWS: readonly KeyContext[] = [...MAIN, 'loadtests'];
const c = (char: string): KeySpec => ({ char });
const k = (special: Extract<KeySpec, { special: string }>['special']): KeySpec => ({ special });

function actionBinding(action: CatalogEntry): KeyBinding {
  const { char, hint, description, on } = action.key;
  return { intent: action.name, keys: [c(char)], label: char, description, hint, contexts: on === 'node' ? MAIN : VIEWS, action };
}

export const KEYMAP: readonly KeyBinding[] = [
  { intent: 'select-up', keys: [k('up'), c('k')], label: '↑/k', description: 'Select the node above', contexts: MAIN },
  { intent: 'select-down', keys: [k('down'), c('j')], label: '↓/j', description: 'Select the node below', contexts: MAIN },
  { intent: 'open-details', keys: [k('return')], label: 'Enter', description: 'Everything known about the selected node', hint: 'details', contexts: ['nodes'] },
  { intent: 'back', keys: [k('escape')], label: 'Esc', description: 'Back to the nodes table; else stop a running load test, or clear the filter', hint: 'back', hintIn: ['details', 'loadtests'], contexts: VIEWS },
  ...CATALOG.map(actionBinding),
  { intent: 'load-results', keys: [c('l')], label: 'l', description: 'Load-test results: the last run and the last runs side by side', hint: 'results', contexts: MAIN },
  { intent: 'older-run', keys: [k('up'), c('k')], label: '↑/k', description: 'Show the run before this one in full (and the runs up to it side by side)', hint: 'older', contexts: ['loadtests'] },
  { intent: 'newer-run', keys: [k('down'), c('j')], label: '↓/j', description: 'Show the run after this one (back to the newest)', hint: 'newer', contexts: ['loadtests'] },
  { intent: 'toggle-flagged', keys: [c('f')], label: 'f', description: 'Show or hide flagged runs (a node throttled or its clock capped) in the side-by-side comparison', hint: 'flagged', contexts: ['loadtests'] },
  { intent: 'filter', keys: [c('/')], label: '/', description: 'Filter nodes by name, model, tag or state (tag:web)', hint: 'filter', contexts: MAIN },
  { intent: 'sort', keys: [c('o'), c('O')], label: 'o/O', description: 'Sort by the next column (o) or the other way (O)', contexts: MAIN },
  { intent: 'command', keys: [c(':')], label: ':', description: 'Command line: drain p2, weight pi3 3, restart p1 nginx, bench smoke', hint: 'cmd', contexts: VIEWS },
  { intent: 'help', keys: [c('?')], label: '?', description: 'Show or hide this help', hint: 'help', contexts: [...VIEWS, 'help'] },
  { intent: 'quit', keys: [c('q'), k('ctrl-c')], label: 'q', description: 'Quit (Ctrl-C too): the terminal is restored and connections closed', hint: 'quit', contexts: VIEWS },
  { intent: 'focus-switch', keys: [k('tab'), k('left'), k('right')], label: 'Tab/←/→', description: 'Move between Cancel and the action', contexts: ['confirm'] },
  { intent: 'pick-up', keys: [k('up'), c('k')], label: '↑/k', description: 'Previous choice', contexts: ['picker'] },
  { intent: 'pick-down', keys: [k('down'), c('j')], label: '↓/j', description: 'Next choice', contexts: ['picker'] },
  { intent: 'nudge', keys: [c('+'), k('up'), c('-'), k('down')], label: '+/↑ -/↓', description: 'Weight one step up or down', contexts: ['prompt'] },
  { intent: 'accept', keys: [k('return')], label: 'Enter', description: 'Do the focused choice', hint: 'ok', contexts: ['confirm', 'picker', 'prompt', 'text'] },
  { intent: 'cancel', keys: [k('escape'), k('ctrl-c')], label: 'Esc', description: 'Cancel and close', hint: 'cancel', contexts: ['confirm', 'picker', 'prompt', 'text', 'help'] },
];

/** The keymap a session uses: without the keys the catalog's --read-only rule refuses. */
export function keymapFor(options: { readonly readOnly: boolean }): readonly KeyBinding[] {
  return KEYMAP.filter((b) => b.action === undefined || readOnlyRefusal(options.readOnly, b.action.name, b.action.effect) === undefined);
}

/** What Ink's useInput reports, reduced to what the keymap needs. */
export interface KeyPress {
  readonly input: string;
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly tab?: boolean;
  readonly ctrl?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
}

function matches(spec: KeySpec, press: KeyPress): boolean {
  if ('char' in spec) return !press.ctrl && press.input === spec.char;
  switch (spec.special) {
    case 'up':
      return press.upArrow === true;
    case 'down':
      return press.downArrow === true;
    case 'left':
      return press.leftArrow === true;
    case 'right':
      return press.rightArrow === true;
    case 'return':
      return press.return === true;
    case 'escape':
      return press.escape === true;
    case 'tab':
      return press.tab === true;
    case 'ctrl-c':
      return press.ctrl === true && press.input === 'c';
  }
}

export function bindingFor(keymap: readonly KeyBinding[], context: KeyContext, press: KeyPress): KeyBinding | undefined {
  return keymap.find((b) => b.contexts.includes(context) && b.keys.some((spec) => matches(spec, press)));
}

/** Always in the footer, however narrow: the way to every other key, and the way out. */
const ESSENTIAL: readonly KeyIntent[] = ['help', 'quit', 'accept', 'cancel'];
/** Between two hints in the footer. */
export const HINT_GAP = 2;

/**
 * "d drain  r ready  …" for the footer, in keymap order. Given `width` (in cells), the hints that
 * do not fit are left out from the end, the essential ones (help, quit; ok, cancel) kept.
 */
export function footerHints(keymap: readonly KeyBinding[], context: KeyContext, width = Infinity): { key: string; hint: string }[] {
  const shown = keymap.filter((b) => b.hint !== undefined && b.contexts.includes(context) && (b.hintIn ?? b.contexts).includes(context));
  const cellsOf = (b: KeyBinding): number => [...`${b.label} ${b.hint as string}`].length + HINT_GAP;
  let room = width + HINT_GAP - shown.filter((b) => ESSENTIAL.includes(b.intent)).reduce((n, b) => n + cellsOf(b), 0);
  const kept = shown.filter((b) => {
    if (ESSENTIAL.includes(b.intent)) return true;
    if (cellsOf(b) > room) {
      room = -1;
      return false;
    }
    room -= cellsOf(b);
    return true;
  });
  return kept.map((b) => ({ key: b.label, hint: b.hint as string }));
}

/** Is an intent still allowed with this keymap (the read-only check for the command line too)? */
export function allows(keymap: readonly KeyBinding[], intent: KeyIntent): boolean {
  return keymap.some((b) => b.intent === intent);
}
