import { afterEach, describe, expect, it } from 'vitest';
import { captureConsole, captureStderr } from '../../src/cli/commands/console-capture.js';
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

/** A stand-in for a terminal's stderr: records what reaches the terminal itself. */
function terminalStream(isTTY: boolean): NodeJS.WriteStream & { written: string[] } {
  const written: string[] = [];
  const stream = {
    isTTY,
    written,
    write(chunk: string | Uint8Array): boolean {
      written.push(String(chunk));
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { written: string[] };
}

describe('captureStderr', () => {
  it('turns each line written to the terminal into a warn event, joining pieces and dropping colour codes', async () => {
    const messages: ClusterMessage[] = [];
    const stream = terminalStream(true);
    release = captureStderr(stream, (m) => messages.push(m), () => 99);
    stream.write('  \u001b[36mssh2\u001b[0m handshake ');
    stream.write(Buffer.from('done +2ms\nsecond line\n\n'));
    let called = false;
    stream.write('half a line', () => (called = true));
    await Promise.resolve();
    expect(called).toBe(true);
    expect(stream.written).toEqual([]);
    expect(messages).toEqual([
      { type: 'log', at: 99, level: 'warn', text: 'stderr: ssh2 handshake done +2ms' },
      { type: 'log', at: 99, level: 'warn', text: 'stderr: second line' },
    ]);
    release();
    release = undefined;
    expect(messages.at(-1)).toEqual({ type: 'log', at: 99, level: 'warn', text: 'stderr: half a line' });
    stream.write('after\n');
    expect(stream.written).toEqual(['after\n']);
  });

  it('leaves a redirected stderr alone: what goes to a file stays there', () => {
    const messages: ClusterMessage[] = [];
    const stream = terminalStream(false);
    release = captureStderr(stream, (m) => messages.push(m));
    stream.write('to the log file\n');
    expect(stream.written).toEqual(['to the log file\n']);
    expect(messages).toEqual([]);
  });

  it('hands in a long line without an end once it passes 300 characters, cut to one line', () => {
    const messages: ClusterMessage[] = [];
    const stream = terminalStream(true);
    release = captureStderr(stream, (m) => messages.push(m));
    stream.write('y'.repeat(400));
    expect(messages).toHaveLength(1);
    const text = messages[0]?.type === 'log' ? messages[0].text : '';
    expect(text).toBe(`stderr: ${'y'.repeat(299)}…`);
  });
});
