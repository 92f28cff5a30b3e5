import { Text } from 'ink';
import { Fragment, type ReactNode } from 'react';
import { useConsoleServices } from '../console-context.js';
import type { Segment, Tone } from '../render/tone.js';
import { toneStyle } from '../theme.js';

export function Toned({ tone, children }: { readonly tone: Tone; readonly children: ReactNode }) {
  const { deps } = useConsoleServices();
  return <Text {...toneStyle(tone, deps.color)}>{children}</Text>;
}

/** Adjacent segments of one tone merged, so a row is a handful of Text nodes, not dozens. */
export function mergeSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last !== undefined && (last.tone === s.tone || s.text.trim() === '')) out[out.length - 1] = { text: last.text + s.text, tone: last.tone };
    else out.push(s);
  }
  return out;
}

/** One line of styled segments, cut at the terminal's edge. */
export function Line({ segments }: { readonly segments: readonly Segment[] }) {
  const { deps } = useConsoleServices();
  return (
    <Text wrap="truncate">
      {mergeSegments(segments).map((s, i) => (
        <Text key={i} {...toneStyle(s.tone, deps.color)}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}

/**
 * Many lines as one Text node: Ink measures and lays out one node instead of one per line, which
 * is most of a frame's cost for a 50-row table. Each line must already fit the width.
 */
export function Lines({ lines }: { readonly lines: readonly (readonly Segment[])[] }) {
  const { deps } = useConsoleServices();
  return (
    <Text>
      {lines.map((segments, row) => (
        <Fragment key={row}>
          {row > 0 ? '\n' : ''}
          {mergeSegments(segments).map((s, i) =>
            s.tone === 'normal' ? (
              s.text
            ) : (
              <Text key={i} {...toneStyle(s.tone, deps.color)}>
                {s.text}
              </Text>
            ),
          )}
        </Fragment>
      ))}
    </Text>
  );
}
