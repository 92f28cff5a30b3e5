import { renderComparison } from '../../../core/loadtest/compare-table.js';
import type { RunRecord } from '../../../core/loadtest/run-record.js';
import { renderRunSummary } from '../../../core/loadtest/run-summary.js';
import { formatDuration } from '../format/duration.js';
import { cells, narrow } from './paint.js';
import type { PaneView } from './pane-view.js';
import { seg, type Segment } from './tone.js';

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

/** The heading line of a run: label, THROTTLED if a node newly throttled, when it started, its id. */
function runHeading(record: RunRecord, now: number): Segment[] {
  const started = Date.parse(record.startedAt);
  const ago = Number.isNaN(started) ? '' : ` (${formatDuration(Math.max(0, now - started))} ago)`;
  return [
    seg(record.label, 'selected'),
    ...(record.throttled ? [seg('  THROTTLED', 'alert')] : []),
    seg(`  ${record.startedAt.slice(0, 19).replace('T', ' ')} UTC${ago}`),
    seg(`  ${record.id}`, 'dim'),
  ];
}

/**
 * The last run in full: what it ran against and how, every figure, the shares, the cluster at
 * the start (`picon bench`'s summary). `compact` leaves out the duration and the throttle
 * sentence (the heading still says THROTTLED) where rows are short.
 */
export function lastRunLines(record: RunRecord, width: number, now: number, compact = false): Segment[][] {
  const lines: Segment[][] = [runHeading(record, now)];
  const summary = renderRunSummary(record)
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('Saved as ') && !(compact && (l.startsWith('  Duration') || l.startsWith('⚠'))));
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
 * with its scaling-efficiency line and throttle warnings. `shown`: how many runs it holds.
 */
export function comparisonText(records: readonly RunRecord[], width: number): { shown: number; lines: string[] } {
  for (let n = records.length; n >= 1; n--) {
    const lines = renderComparison(records.slice(-n), 'human').trimEnd().split('\n');
    const gap = lines.indexOf('');
    const table = gap === -1 ? lines : lines.slice(0, gap);
    if (n === 1 || table.every((l) => cells(narrow(l)) <= width)) return { shown: n, lines };
  }
  return { shown: 0, lines: [] };
}

/** The comparison as lines: a title, the table (metric names accented), then its notes. */
export function comparisonLines(records: readonly RunRecord[], width: number): Segment[][] {
  const { shown, lines } = comparisonText(records, width);
  if (shown === 0) return [];
  const heading =
    records.length === 1 ? 'The one run so far' : shown === 1 ? 'The last run (too narrow for more side by side)' : `The last ${shown} runs side by side, newest last`;
  const out: Segment[][] = [title(heading, width)];
  const gap = lines.indexOf('');
  const table = gap === -1 ? lines : lines.slice(0, gap);
  const notes = gap === -1 ? [] : lines.slice(gap + 1);
  const metric = Math.max(...table.map((l) => l.search(/\s{2}\S/)));
  table.forEach((l, i) => out.push(i === 0 ? [seg(l, 'heading')] : [seg(l.slice(0, metric), 'accent'), seg(l.slice(metric))]));
  for (const note of notes) for (const part of wrapText(note, width, [' '])) out.push([seg(part, note.startsWith('⚠') ? 'alert' : 'good')]);
  return out;
}

/** The results view's `rows` lines. */
export function loadTestsPaneLines({ ui, size, now, readOnly }: PaneView, rows: number): Segment[][] {
  const width = size.columns;
  const lines: Segment[][] = [[...title('Last load test', width - 10), seg('  Esc back', 'dim')]];
  const runs = ui.runs;
  if (runs === undefined || runs.state === 'loading') lines.push([seg('reading the load-test history…', 'dim')]);
  else if (runs.state === 'failed') lines.push([seg(`could not read the load-test history: ${runs.reason}`, 'bad')]);
  else {
    const last = runs.records[runs.records.length - 1];
    if (last === undefined) {
      const how = readOnly ? 'run `picon bench PRESET`' : 'press b to run one of the profile\'s presets';
      lines.push([seg(`No runs yet for this profile: ${how}.`, 'dim')]);
    } else {
      const comparison = comparisonLines(runs.records, width);
      const full = lastRunLines(last, width, now);
      const fits = lines.length + full.length + comparison.length <= rows;
      lines.push(...(fits ? full : lastRunLines(last, width, now, true)), ...comparison);
    }
  }
  return lines.slice(0, rows);
}
