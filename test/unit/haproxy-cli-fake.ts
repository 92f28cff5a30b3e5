import { Duplex } from 'node:stream';

/**
 * A stream that answers like an HAProxy CLI socket: without `prompt`, one command, its reply,
 * then the close; after `prompt`, each reply followed by the prompt line, connection kept.
 * `answer` gives the reply text of one command line (as a one-command connection gets it).
 */
export function haproxyCliStream(answer: (line: string) => string, prompt = '> '): Duplex {
  let input = '';
  let interactive = false;
  const stream: Duplex = new Duplex({
    read: () => undefined,
    write: (chunk: Buffer, _enc, done) => {
      input += chunk.toString();
      for (let nl = input.indexOf('\n'); nl >= 0; nl = input.indexOf('\n')) {
        const line = input.slice(0, nl).trim();
        input = input.slice(nl + 1);
        if (line === 'prompt' && !interactive) {
          interactive = true;
          stream.push(`\n${prompt}`);
        } else if (interactive) {
          stream.push(`${answer(line)}${prompt}`);
        } else {
          stream.push(answer(line));
          stream.push(null);
        }
      }
      done();
    },
    final: (done) => {
      if (!interactive) {
        stream.push(answer(input.trim()));
        stream.push(null);
      }
      done();
    },
  });
  return stream;
}
