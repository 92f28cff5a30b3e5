/** Edit distance (insert, delete, substitute, swap neighbours), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const rows: number[][] = [Array.from({ length: y.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[x.length]?.[y.length] ?? 0;
}

/** The candidates, closest to `wanted` first (ties keep their order). */
export function sortByCloseness(wanted: string, candidates: readonly string[]): string[] {
  return candidates
    .map((name, index) => ({ name, index, distance: editDistance(wanted, name) }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .map((c) => c.name);
}

/** The one candidate close enough to be a likely typo, if any. */
export function likelyMeant(wanted: string, candidates: readonly string[]): string | undefined {
  const best = sortByCloseness(wanted, candidates)[0];
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(wanted.length, best.length) / 3));
  return editDistance(wanted, best) <= limit ? best : undefined;
}
