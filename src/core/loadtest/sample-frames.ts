import { excerpt } from '../health/parsed.js';
import { FRAME_BEGIN, FRAME_END, FRAME_REFUSED } from './sample-loop.js';

/**
 * Splits the sampling loop's stdout (sample-loop.ts) into frames as it streams in. Text that is
 * not yet a whole frame stays in `rest` for the next chunk; anything malformed — text outside a
 * frame, a frame torn by the start of another, an end whose number is not its start's, a frame
 * that grows past MAX_FRAME_CHARS — is a named problem and is dropped, never a crash.
 */

export type FrameEvent =
  | { readonly kind: 'frame'; readonly seq: number; readonly body: string }
  | { readonly kind: 'refused'; readonly seq: string }
  /** `seq`: the sample the problem is of, where known (a frame's own); else whatever sample is waiting. */
  | { readonly kind: 'problem'; readonly reason: string; readonly seq?: number };

export interface FrameSplit {
  readonly events: readonly FrameEvent[];
  /** The unfinished tail to prepend to the next chunk. */
  readonly rest: string;
}

/** A frame is a few KB (a node with hundreds of threads: tens of KB). */
export const MAX_FRAME_CHARS = 1024 * 1024;

const BEGIN = new RegExp(`^${FRAME_BEGIN}(\\d{1,15})\\n`);
const END = new RegExp(`(?:^|\\n)${FRAME_END}(\\d{1,15})\\n`);
const REFUSED = new RegExp(`^${FRAME_REFUSED}(.{0,40})\\n`);

/** Where the next line starting with a frame's begin marker is, at or after `from`. */
function nextBegin(text: string, from: number): number {
  for (let at = text.indexOf(FRAME_BEGIN, from); at !== -1; at = text.indexOf(FRAME_BEGIN, at + 1)) {
    if (at === 0 || text[at - 1] === '\n') return at;
  }
  return -1;
}

export function splitFrames(buffer: string): FrameSplit {
  const events: FrameEvent[] = [];
  let text = buffer;
  for (;;) {
    if (text === '') break;
    const refused = REFUSED.exec(text);
    if (refused !== null) {
      events.push({ kind: 'refused', seq: refused[1] ?? '' });
      text = text.slice(refused[0].length);
      continue;
    }
    const begin = BEGIN.exec(text);
    if (begin === null) {
      // Outside a frame: up to the next frame's start, or every whole line when none has come yet.
      const next = nextBegin(text, 1);
      const cut = next !== -1 ? next : text.lastIndexOf('\n') + 1;
      if (cut === 0) {
        // A line still coming in.
        if (text.length > MAX_FRAME_CHARS) {
          events.push({ kind: 'problem', reason: `output outside a frame: ${excerpt(text)}` });
          text = '';
        }
        break;
      }
      const stray = text.slice(0, cut);
      if (stray.trim() !== '') events.push({ kind: 'problem', reason: `output outside a frame: ${excerpt(stray.trim())}` });
      text = text.slice(cut);
      continue;
    }
    const seq = Number(begin[1]);
    const bodyStart = begin[0].length;
    const end = END.exec(text.slice(bodyStart));
    const torn = nextBegin(text, bodyStart);
    const endAt = end === null ? -1 : bodyStart + end.index;
    if (torn !== -1 && (endAt === -1 || torn < endAt)) {
      events.push({ kind: 'problem', seq, reason: `sample ${seq} was cut short by the next one` });
      text = text.slice(torn);
      continue;
    }
    if (end === null) {
      if (text.length > MAX_FRAME_CHARS) {
        events.push({ kind: 'problem', seq, reason: `sample ${seq} grew past ${MAX_FRAME_CHARS} characters without its end` });
        text = '';
      }
      break;
    }
    const endSeq = Number(end[1]);
    const after = endAt + end[0].length;
    if (endSeq !== seq) events.push({ kind: 'problem', seq, reason: `sample ${seq} ended as sample ${endSeq}` });
    else events.push({ kind: 'frame', seq, body: text.slice(bodyStart, endAt) + (end[0].startsWith('\n') ? '\n' : '') });
    text = text.slice(after);
  }
  return { events, rest: text };
}
