import { failure, success, type Result } from '../result.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const AGO = /^(\d+)(s|m|h|d|w)$/;
/** 2026-12-07, 2026-12-07T03:12, 2026-12-07 03:12:04, with an optional Z; the journal's times are UTC, and so are these. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/;

/** `--since 2h` (30s, 15m, 2h, 7d, 1w: that long before `now`) or a UTC date or time. */
export function parseSince(text: string, now: number): Result<Date> {
  const ago = AGO.exec(text);
  if (ago !== null) return success(new Date(now - Number(ago[1]) * (UNIT_MS[ago[2] as string] as number)));
  const date = DATE.exec(text);
  if (date !== null) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = date;
    const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
    const roundTrips = at.getUTCFullYear() === Number(y) && at.getUTCMonth() === Number(mo) - 1 && at.getUTCDate() === Number(d) && at.getUTCHours() === Number(h) && at.getUTCMinutes() === Number(mi);
    if (roundTrips && Number(s) < 60) return success(at);
  }
  return failure(`--since: ${text === '' ? '""' : text} is not allowed; give a time ago (30s, 15m, 2h, 7d, 1w) or a UTC date or time (2026-12-07, 2026-12-07T03:12)`);
}
