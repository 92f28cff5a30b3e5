import { describe, expect, it } from 'vitest';
import { allows, bindingFor, footerHints, KEYMAP, keymapFor, type KeyContext } from '../../src/views/console/keymap.js';

describe('console keymap', () => {
  it('answers the keys the issue lists, in the main view', () => {
    const press = (input: string, extra: object = {}) => bindingFor(KEYMAP, 'nodes', { input, ...extra })?.intent;
    expect(press('', { upArrow: true })).toBe('select-up');
    expect(press('k')).toBe('select-up');
    expect(press('', { downArrow: true })).toBe('select-down');
    expect(press('j')).toBe('select-down');
    expect(press('', { return: true })).toBe('open-details');
    expect(press('', { escape: true })).toBe('back');
    expect(['d', 'r', 'm', 'w', 's', 'b', '/', ':', '?', 'q'].map((k) => press(k))).toEqual([
      'drain', 'ready', 'maint', 'weight', 'restart', 'bench', 'filter', 'command', 'help', 'quit',
    ]);
    expect(press('c', { ctrl: true })).toBe('quit');
  });

  it('gives the same key a different meaning in a dialog', () => {
    expect(bindingFor(KEYMAP, 'confirm', { input: '', return: true })?.intent).toBe('accept');
    expect(bindingFor(KEYMAP, 'confirm', { input: 'd' })).toBeUndefined();
    expect(bindingFor(KEYMAP, 'picker', { input: 'j' })?.intent).toBe('pick-down');
    expect(bindingFor(KEYMAP, 'prompt', { input: '+' })?.intent).toBe('nudge');
    expect(bindingFor(KEYMAP, 'prompt', { input: '', downArrow: true })?.intent).toBe('nudge');
    expect(bindingFor(KEYMAP, 'nodes', { input: 'o' })?.intent).toBe('sort');
    expect(bindingFor(KEYMAP, 'nodes', { input: 'O' })?.intent).toBe('sort');
    expect(bindingFor(KEYMAP, 'text', { input: 'q' })).toBeUndefined();
  });

  it('--read-only removes every action that changes the cluster, and nothing else', () => {
    const ro = keymapFor({ readOnly: true });
    for (const intent of ['drain', 'ready', 'maint', 'weight', 'restart', 'bench'] as const) expect(allows(ro, intent)).toBe(false);
    expect(bindingFor(ro, 'nodes', { input: 'd' })).toBeUndefined();
    expect(bindingFor(ro, 'nodes', { input: 'q' })?.intent).toBe('quit');
    expect(ro.length).toBe(KEYMAP.filter((b) => b.action === undefined).length);
    expect(footerHints(ro, 'nodes').map((h) => h.hint)).not.toContain('drain');
  });

  it('footer hints follow the table, in order; Esc says back where there is somewhere to go back to', () => {
    const line = (context: KeyContext, width?: number) => footerHints(KEYMAP, context, width).map((h) => `${h.key} ${h.hint}`).join('  ');
    expect(line('nodes')).toBe('Enter details  d drain  r ready  m maint  w weight  s restart  b bench  R rollout  l results  / filter  : cmd  ? help  q quit');
    expect(line('details')).toMatch(/^Esc back  d drain /);
    expect(line('loadtests')).toBe('Esc back  b bench  ↑/k older  ↓/j newer  f flagged  : cmd  ? help  q quit');
  });

  it('a narrow footer leaves hints out from the end but always keeps help and quit', () => {
    const line = (context: KeyContext, width?: number) => footerHints(KEYMAP, context, width).map((h) => `${h.key} ${h.hint}`).join('  ');
    const full = line('nodes');
    expect(line('nodes', 125)).toBe(full);
    expect(line('nodes', 120)).toBe(full.replace('  : cmd', ''));
    expect(line('nodes', full.length)).toBe(full);
    expect(line('nodes', full.length - 1)).toBe(full.replace('  : cmd', ''));
    expect(line('nodes', 80)).toBe('Enter details  d drain  r ready  m maint  w weight  s restart  ? help  q quit');
    for (const width of [80, 60, 40, 30]) expect(line('nodes', width).length).toBeLessThanOrEqual(width);
    expect(line('nodes', 5)).toBe('? help  q quit');
    expect(line('confirm', 10)).toBe('Enter ok  Esc cancel');
  });

  it('never binds one key twice in one context', () => {
    const contexts: KeyContext[] = ['nodes', 'details', 'loadtests', 'confirm', 'picker', 'prompt', 'text', 'help'];
    for (const context of contexts) {
      const seen = new Set<string>();
      for (const b of KEYMAP.filter((x) => x.contexts.includes(context))) {
        for (const k of b.keys) {
          const id = JSON.stringify(k);
          expect(seen.has(id), `${id} twice in ${context}`).toBe(false);
          seen.add(id);
        }
      }
    }
  });
});
