import { Transform, useIsScreenReaderEnabled } from 'ink';
import { useMemo } from 'react';
import { useConsoleServices } from '../console-context.js';
import { paintLine, plainLine } from '../render/paint.js';
import type { Segment } from '../../../core/present/tone.js';

/** "0   …", "1   …": a plain ASCII stand-in of the painted block's size, one numbered line each. */
function placeholder(lines: number, width: number): string {
  return Array.from({ length: lines }, (_, i) => String(i).padEnd(width)).join('\n');
}

/**
 * Lines of segments, painted by us and handed to Ink as one node: a <Transform> over a constant
 * ASCII placeholder of the same size. Ink measures, lays out and string-widths only the
 * placeholder (unchanged frame to frame, so its caches hit and no line takes string-width's
 * slow Unicode path), and the transform puts each painted line in its place as Ink writes the
 * frame. Each line is cut at `width` cells.
 */
export function Painted({ lines, width }: { readonly lines: readonly (readonly Segment[])[]; readonly width: number }) {
  const { deps } = useConsoleServices();
  const screenReader = useIsScreenReaderEnabled();
  const stand = useMemo(() => placeholder(lines.length, Math.max(width, String(lines.length).length)), [lines.length, width]);
  if (lines.length === 0) return null;
  const painted = lines.map((segments) => paintLine(segments, width, deps.color));
  const transform = (line: string): string => painted[Number.parseInt(line, 10)] ?? '';
  return (
    <Transform transform={transform} {...(screenReader && { accessibilityLabel: lines.map((l) => plainLine(l, width)).join('\n') })}>
      {stand}
    </Transform>
  );
}
