import type { PassphraseAnswers } from './console-ports.js';
import { topDialog } from './console-state.js';
import type { UiStore } from './ui-store.js';

/**
 * Connections ask for key passphrases while the console owns the terminal: each question opens
 * the passphrase dialog, one at a time in the order asked, and waits for the answer typed there
 * (undefined when the user skips the key with Esc). The typed text lives in the dialog only
 * until it is answered.
 */
export interface PassphraseBroker extends PassphraseAnswers {
  ask(file: string): Promise<string | undefined>;
}

export function createPassphraseBroker(ui: UiStore): PassphraseBroker {
  const queue: { file: string; resolve: (value: string | undefined) => void }[] = [];
  const show = (): void => {
    const next = queue[0];
    if (next !== undefined) ui.dispatch({ type: 'open', dialog: { kind: 'passphrase', file: next.file, draft: '' } });
  };
  return {
    ask(file) {
      return new Promise((resolve) => {
        queue.push({ file, resolve });
        if (queue.length === 1) show();
      });
    },
    answer(passphrase) {
      const current = queue.shift();
      if (topDialog(ui.getState())?.kind === 'passphrase') ui.dispatch({ type: 'close' });
      current?.resolve(passphrase);
      show();
    },
  };
}
