/** What was wrong with one line of a file or a reply: its number and one line saying why. */
export interface LineProblem {
  /** 1-based. */
  readonly line: number;
  readonly reason: string;
}
