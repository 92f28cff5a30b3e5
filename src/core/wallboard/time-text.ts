/** "HH:MM:SS" of `at` (ms since epoch) at `offsetMinutes` east of UTC. */
export function clockTime(at: number, offsetMinutes: number): string {
  const d = new Date(at + offsetMinutes * 60_000);
  return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}
