import { afterEach, describe, expect, it } from 'vitest';
import { captureConsole } from '../../src/cli/commands/console-capture.js';
import type { ClusterMessage } from '../../src/core/cluster/cluster-message.js';

/** console.* while the pane painter owns the screen: into the events pane, never onto the screen. */

let release: (() => void) | undefined;
afterEach(() => release?.());

describe('captureConsole', () => {
  it('turns each console call into one event line, at the level the method says', () => {
    const messages: ClusterMessage[] = [];
    const originalLog = console.log;
    release = captureConsole((m) => messages.push(m), () => 1234);
    console.log('polled %d nodes', 5, { slow: ['p2'] });
    console.warn('deprecated\nthing');
    console.error(new Error('boom').message);
    console.debug('dbg');
    expect(messages).toEqual([
      { type: 'log', at: 1234, level: 'info', text: "console: polled 5 nodes { slow: [ 'p2' ] }" },
      { type: 'log', at: 1234, level: 'warn', text: 'console: deprecated thing' },
      { type: 'log', at: 1234, level: 'error', text: 'console: boom' },
      { type: 'log', at: 1234, level: 'info', text: 'console: dbg' },
    ]);
    release();
    release = undefined;
    expect(console.log).toBe(originalLog);
  });

  it('cuts a long text to one line of at most 300 characters', () => {
    const messages: ClusterMessage[] = [];
    release = captureConsole((m) => messages.push(m));
    console.info('x'.repeat(1000));
    const text = messages[0]?.type === 'log' ? messages[0].text : '';
    expect(text.length).toBe(300 + 'console: '.length);
    expect(text.endsWith('…')).toBe(true);
  });
});
