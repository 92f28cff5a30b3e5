import { parseHistoryLine, type RunRecord } from '../loadtest/run-record.js';
import type { LineProblem } from '../line-problem.js';
import type { Result } from '../result.js';
import { isStudyValue, parseStudyEntry, type StudyEntry } from './study-entry.js';

/** The history's lines: a run's record, or a study holding its runs (study-entry.ts). Pure. */

export type HistoryEntry = { readonly kind: 'run'; readonly record: RunRecord } | { readonly kind: 'study'; readonly entry: StudyEntry };

export function parseHistoryEntry(line: string, last = false): Result<HistoryEntry> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    value = undefined;
  }
  if (isStudyValue(value)) {
    const study = parseStudyEntry(value);
    return study.ok ? { ok: true, value: { kind: 'study', entry: study.value } } : study;
  }
  const run = parseHistoryLine(line, last);
  return run.ok ? { ok: true, value: { kind: 'run', record: run.value } } : run;
}

export interface HistoryEntries {
  /** Oldest first. */
  readonly records: readonly RunRecord[];
  readonly studies: readonly StudyEntry[];
  readonly broken: readonly LineProblem[];
}

export function parseHistoryEntries(text: string): HistoryEntries {
  const records: RunRecord[] = [];
  const studies: StudyEntry[] = [];
  const broken: LineProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseHistoryEntry(line, i === lines.length - 1);
    if (!parsed.ok) broken.push({ line: i + 1, reason: parsed.reason });
    else if (parsed.value.kind === 'run') records.push(parsed.value.record);
    else studies.push(parsed.value.entry);
  });
  return { records, studies, broken };
}
