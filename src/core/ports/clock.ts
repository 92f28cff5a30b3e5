/** The time now, in ms since the epoch: `Date.now` in picon, a counter in tests. */
export type Clock = () => number;
