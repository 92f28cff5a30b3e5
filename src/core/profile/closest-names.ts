/** Edit distance (insert, delete, substitute), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
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
