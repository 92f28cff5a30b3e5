import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderKeybindingsDoc } from '../../src/views/console/keybindings-doc.js';
import { KEYMAP } from '../../src/views/console/keymap.js';

describe('docs/keybindings.md', () => {
  it('is what the keymap generates (run scripts/generate-keybindings-doc.mjs after changing keymap.ts)', () => {
    const committed = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'keybindings.md'), 'utf8');
    expect(committed).toBe(renderKeybindingsDoc(KEYMAP));
  });

  it('lists every binding and marks the dangerous ones', () => {
    const doc = renderKeybindingsDoc(KEYMAP);
    for (const b of KEYMAP) expect(doc).toContain(b.description);
    expect(doc).toMatch(/\| `d` \| Drain the selected node.* \| changes the cluster \|/);
    expect(doc).toMatch(/\| `q` \| Quit.* \|  \|/);
  });
});
