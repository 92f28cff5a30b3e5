import { renderComparison } from '../../../core/loadtest/compare-table.js';
import { isFlagged, leaveOutFlagged, leftOutLine } from '../../../core/loadtest/record-flags.js';
import type { RunRecord } from '../../../core/loadtest/run-record.js';
import { renderRunSummary } from '../../../core/loadtest/run-summary.js';
import { durationMs } from '../../../core/present/time.js';
import { cells, narrow } from './paint.js';
import type { PaneView } from './pane-view.js';
import { seg, type Segment } from '../../../core/present/tone.js';

/**
 * The load-test results view: the profile's last run in full (the text `picon bench` prints
 * after a run) and the last runs side by side (`picon bench compare`'s table), as lines.
 */

/** Where the summary's "  Requests/s     " labels end. */
const SUMMARY_LABEL = 17;

const title = (text: string, width: number): Segment[] => [seg(`─ ${text} ${'─'.repeat(Math.max(0, width - cells(narrow(text)) - 3))}`, 'heading')];

/**
 * Text broken into lines of at most `width` cells: between the parts `separators[0]` stands
 * between, and a part still too wide between the next separator's parts. What cannot be broken
 * is left to be cut.
 */
export function wrapText(text: string, width: number, separators: readonly string[] = ['  ', ' ']): string[] {
  const [separator, ...finer] = separators;
  if (cells(narrow(text)) <= width || separator === undefined) return [text];
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(separator)) {
    const next = line === '' ? part : `${line}${separator}${part}`;
    if (cells(narrow(next)) <= width) line = next;
    else {
      if (line !== '') lines.push(line);
      if (cells(narrow(part)) <= width) line = part;
      else {
        const pieces = wrapText(part, width, finer);
        lines.push(...pieces.slice(0, -1));
        line = pieces[pieces.length - 1] ?? '';
      }
    }
  }
  lines.push(line);
  return lines;
}

/** The heading line of a run: label, FLAGGED if a node throttled or its clock was capped, when it started, its id. */
function runHeading(record: RunRecord, now: number): Segment[] {
  const started = Date.parse(record.startedAt);
  const ago = Number.isNaN(started) ? '' : ` (${durationMs(Math.max(0, now - started))} ago)`;
  return [
    seg(record.label, 'selected'),
    ...(isFlagged(record) ? [seg('  FLAGGED', 'alert')] : []),
    seg(`  ${record.startedAt.slice(0, 19).replace('T', ' ')} UTC${ago}`),
    seg(`  ${record.id}`, 'dim'),
  ];
}

/**
 * The last run in full: what it ran against and how, every figure, the shares, the cluster at
 * the start (`picon bench`'s summary). `compact` leaves out the duration, the sampling line and
 * the flag sentence (the heading still says FLAGGED) where rows are short.
 */
export function lastRunLines(record: RunRecord, width: number, now: number, compact = false): Segment[][] {
  const lines: Segment[][] = [runHeading(record, now)];
  const summary = renderRunSummary(record)
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('Saved as ') && !(compact && (l.startsWith('  Duration') || l.startsWith('  Sampled') || l.startsWith('⚠ flagged'))));
  for (const text of summary) {
    if (text.startsWith('⚠')) {
      for (const part of wrapText(text, width, [' '])) lines.push([seg(part, 'alert')]);
    } else if (text.startsWith('  ') && width > SUMMARY_LABEL + 10) {
      const indent = ' '.repeat(SUMMARY_LABEL);
      wrapText(text.slice(SUMMARY_LABEL), width - SUMMARY_LABEL).forEach((part, i) =>
        lines.push([seg(i === 0 ? text.slice(0, SUMMARY_LABEL) : indent, 'accent'), seg(part)]),
      );
    } else lines.push([seg(text)]);
  }
  return lines;
}

/**
 * `picon bench compare`'s table for the newest runs that fit `width` (at least one, newest last),
 * with its scaling-efficiency line and flag warnings. Flagged runs are left out (and said so in
 * a note) unless `includeFlagged`. `shown`: how many runs it holds.
 */
export function comparisonText(all: readonly RunRecord[], width: number, includeFlagged = false): { shown: number; kept: number; lines: string[] } {
  const { shown: records, leftOut } = leaveOutFlagged(all, includeFlagged);
  if (records.length === 0) {
    const line = leftOutLine(leftOut, 'f');
    return { shown: 0, kept: 0, lines: line === undefined ? [] : [line] };
  }
  for (let n = records.length; n >= 1; n--) {
    const lines = renderComparison(records.slice(-n), 'human', { leftOut, showHow: 'f' }).trimEnd().split('\n');
    const gap = lines.indexOf('');
    const table = gap === -1 ? lines : lines.slice(0, gap);
    if (n === 1 || table.every((l) => cells(narrow(l)) <= width)) return { shown: n, kept: records.length, lines };
  }
  return { shown: 0, kept: 0, lines: [] };
}

/**
 * The comparison as lines: a title, the table (metric names accented), then its notes.
 * `newer`: how many runs newer than these were read (browsing back in the results view).
 */
export function comparisonLines(records: readonly RunRecord[], width: number, newer = 0, includeFlagged = false): Segment[][] {
  const { shown, kept, lines } = comparisonText(records, width, includeFlagged);
  if (shown === 0) return lines.flatMap((l) => wrapText(l, width, [' ']).map((part) => [seg(part, 'alert')]));
  const heading =
    kept === 1
      ? newer === 0 ? 'The one run so far' : 'The oldest run read'
      : shown === 1
        ? `${newer === 0 ? 'The last' : 'This'} run (too narrow for more side by side)`
        : newer === 0
          ? `The last ${shown} runs side by side, newest last`
          : `${shown} runs up to this one side by side, newest last`;
  const out: Segment[][] = [title(heading, width)];
  const gap = lines.indexOf('');
  const table = gap === -1 ? lines : lines.slice(0, gap);
  const allNotes = gap === -1 ? [] : lines.slice(gap + 1);
  // The runs left out go first, under the title: a short pane cuts the notes at the end.
  const isLeftOut = (note: string): boolean => / flagged runs? left out /.test(note);
  for (const note of allNotes.filter(isLeftOut)) for (const part of wrapText(note, width, [' '])) out.push([seg(part, 'warn')]);
  const notes = allNotes.filter((n) => !isLeftOut(n));
  const metric = Math.max(...table.map((l) => l.search(/\s{2}\S/)));
  table.forEach((l, i) => out.push(i === 0 ? [seg(l, 'heading')] : [seg(l.slice(0, metric), 'accent'), seg(l.slice(metric))]));
  for (const note of notes) for (const part of wrapText(note, width, [' '])) out.push([seg(part, note.startsWith('⚠') ? 'alert' : 'good')]);
  return out;
}

/** The results view's heading: which run is shown in full, and how to get to the others. */
function viewTitle(back: number, count: number, width: number): Segment[] {
  if (count <= 1) return [...title('Last load test', width - 10), seg('  Esc back', 'dim')];
  const keys = back === 0 ? '↑ older' : back === count - 1 ? '↓ newer' : '↑ older, ↓ newer';
  const which = back === 0 ? `Last load test (${count} read, ${keys})` : `Load test ${count - back} of ${count} read (${keys})`;
  return [...title(which, width - 10), seg('  Esc back', 'dim')];
}

/**
 * The results view's `rows` lines: the run `ui.runsBack` runs before the newest in full, and the
 * runs up to it side by side.
 */
export function loadTestsPaneLines({ ui, size, now, readOnly }: PaneView, rows: number): Segment[][] {
  const width = size.columns;
  const runs = ui.runs;
  const count = runs?.state === 'loaded' ? runs.records.length : 0;
  const back = Math.min(ui.runsBack, Math.max(0, count - 1));
  const lines: Segment[][] = [viewTitle(back, count, width)];
  if (runs === undefined || runs.state === 'loading') lines.push([seg('reading the load-test history…', 'dim')]);
  else if (runs.state === 'failed') lines.push([seg(`could not read the load-test history: ${runs.reason}`, 'bad')]);
  else {
    const upTo = runs.records.slice(0, count - back);
    const shown = upTo[upTo.length - 1];
    if (shown === undefined) {
      const how = readOnly ? 'a run needs picon without --read-only' : 'press b to run one of the profile\'s presets';
      lines.push([seg(`No runs yet for this profile: ${how}.`, 'dim')]);
    } else {
      const comparison = comparisonLines(upTo, width, back, ui.includeFlagged === true);
      const full = lastRunLines(shown, width, now);
      const fits = lines.length + full.length + comparison.length <= rows;
      lines.push(...(fits ? full : lastRunLines(shown, width, now, true)), ...comparison);
    }
  }
  return lines.slice(0, rows);
}
