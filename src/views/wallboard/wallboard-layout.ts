import type { GridRect } from '../../core/ports/wall-screen.js';

/**
 * Where each panel sits on the 12 × 12 grid. Top: traffic and CPU; middle: HAProxy's servers and
 * temperatures; bottom: nodes, events, the last load test.
 */
export const WALLBOARD_LAYOUT = {
  throughput: { row: 0, col: 0, rowSpan: 4, colSpan: 8 },
  cpu: { row: 0, col: 8, rowSpan: 4, colSpan: 4 },
  servers: { row: 4, col: 0, rowSpan: 4, colSpan: 6 },
  temperatures: { row: 4, col: 6, rowSpan: 4, colSpan: 6 },
  nodes: { row: 8, col: 0, rowSpan: 4, colSpan: 6 },
  events: { row: 8, col: 6, rowSpan: 4, colSpan: 3 },
  loadTest: { row: 8, col: 9, rowSpan: 4, colSpan: 3 },
} as const satisfies Record<string, GridRect>;
