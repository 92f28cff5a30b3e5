import { afterEach, describe, expect, it } from 'vitest';
import { KEY, renderConsole, type RenderedConsole } from '../support/render-console.js';

/** A connection asks for a key's passphrase while the console owns the terminal. */

let view: RenderedConsole | undefined;
afterEach(() => view?.unmount());

describe('the passphrase dialog', () => {
  it('opens when a connection asks, shows nothing typed, and hands the text over on Enter', async () => {
    view = await renderConsole();
    const answer = view.passphrases.ask('/home/pi/.ssh/id_ed25519');
    await view.waitFor('Passphrase for key /home/pi/.ssh/id_ed25519');
    await view.press('o', 'p', 'e', 'n', ' ', 'j', 'q', KEY.backspace, 'd');
    const frame = view.frame();
    expect(frame).not.toMatch(/open|jd|\*{3}|•/);
    // Letters that are keys elsewhere (j, q, d) were typed into the passphrase, not acted on.
    expect(view.quits).toBe(0);
    await view.press(KEY.enter);
    expect(await answer).toBe('open jd');
    await view.waitFor((f) => !f.includes('Passphrase for key'));
  });

  it('Esc skips the key (no passphrase), and the next question waits its turn', async () => {
    view = await renderConsole();
    const first = view.passphrases.ask('/keys/a');
    const second = view.passphrases.ask('/keys/b');
    await view.waitFor('Passphrase for key /keys/a');
    expect(view.frame()).not.toContain('/keys/b');
    await view.press(KEY.escape);
    expect(await first).toBeUndefined();
    await view.waitFor('Passphrase for key /keys/b');
    await view.press('x', KEY.enter);
    expect(await second).toBe('x');
    await view.waitFor((f) => !f.includes('Passphrase for key'));
  });
});
