import type { GroupSecond } from './bottleneck.js';

/**
 * Reading a node's CPU by core and by thread, for the bottleneck verdict: the shell script the
 * run sampler appends to each node's sample command (builtins only, so it costs no process), the
 * parser of its output and the difference of two readings. Pure.
 *
 * Output lines: `cpuN user nice system idle iowait irq softirq steal …` (from /proc/stat),
 * `T PID TID RUN_NS WAIT_NS SLICES` (a thread's schedstat), `N IFACE: rx … tx …` (/proc/net/dev),
 * `U UPTIME_S` (/proc/uptime, the reading's clock), `C PID PERIODS THROTTLED` (of the quota periods
 * of the cgroup holding PID's CPU controller, how many there were and in how many it used up its
 * quota: cpu.stat's nr_periods and nr_throttled; both 0 where no quota is set).
 */

/** The threads' schedstat (`T` lines) and the cgroups' quota periods (`C` lines) of the pids in "$@" (the run sampler's loop runs these lines each sample). */
export const THREADS_LINES = [
  'for p in "$@"; do for t in /proc/$p/task/*; do read -r s 2>/dev/null < "$t/schedstat" && echo "T $p ${t##*/} $s"; done; done',
  'for p in "$@"; do f=; while IFS=: read -r n c g; do case ,$c, in *,cpu,*) f="/sys/fs/cgroup/$c$g/cpu.stat";; ,,) [ -n "$f" ] || f="/sys/fs/cgroup$g/cpu.stat";; esac; done 2>/dev/null < /proc/$p/cgroup',
  '  np=0; nt=0; [ -r "$f" ] && while read -r k v; do case $k in nr_periods) np=$v;; nr_throttled) nt=$v;; esac; done < "$f"; echo "C $p $np $nt"; done',
] as const;

export const THREADS_SCRIPT = [...THREADS_LINES, 'exit 0'].join('\n');

/**
 * A reading from the run sampler's reply: /proc/uptime and /proc/stat as `tail` printed them,
 * plus THREADS_SCRIPT's lines.
 */
export function readingOf(uptime: string, procStat: string, threads: string): ReadingResult {
  return parseReading([`U ${uptime.trim().split(/\s+/)[0] ?? ''}`, procStat, threads].join('\n'));
}

export interface CoreTimes {
  readonly busy: number;
  readonly total: number;
}

export interface ThreadTimes {
  readonly pid: number;
  readonly tid: number;
  readonly runNs: number;
  readonly waitNs: number;
}

export interface QuotaPeriods {
  readonly periods: number;
  readonly throttled: number;
}

export interface ProcReading {
  readonly uptimeS: number;
  /** By core index. */
  readonly cores: readonly CoreTimes[];
  readonly threads: readonly ThreadTimes[];
  /** pid → its CPU cgroup's quota periods so far, and those it was throttled in. */
  readonly quota: ReadonlyMap<number, QuotaPeriods>;
  /** rx + tx bytes over every interface but `lo` (on the lab, all traffic is on `lo`: then lo's). */
  readonly netBytes: number;
}

export type ReadingResult = { readonly ok: true; readonly reading: ProcReading } | { readonly ok: false; readonly reason: string };

function coreTimes(fields: readonly number[]): CoreTimes {
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

export function parseReading(text: string): ReadingResult {
  let uptimeS: number | undefined;
  const cores: CoreTimes[] = [];
  const threads: ThreadTimes[] = [];
  const quota = new Map<number, QuotaPeriods>();
  let net = 0;
  let lo = 0;
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    const [first, ...rest] = words;
    if (first === 'U') uptimeS = Number(rest[0]);
    else if (first !== undefined && /^cpu\d+$/.test(first)) cores[Number(first.slice(3))] = coreTimes(rest.map(Number));
    else if (first === 'T' && rest.length >= 4) {
      const [pid, tid, run, wait] = rest.map(Number) as [number, number, number, number];
      if ([pid, tid, run, wait].every(Number.isFinite)) threads.push({ pid, tid, runNs: run, waitNs: wait });
    } else if (first === 'C' && rest.length >= 3) {
      const [pid, periods, throttled] = rest.map(Number) as [number, number, number];
      if ([pid, periods, throttled].every(Number.isFinite)) quota.set(pid, { periods, throttled });
    } else if (first === 'N') {
      const [iface, data] = line.slice(2).split(':') as [string, string | undefined];
      const cols = (data ?? '').trim().split(/\s+/).map(Number);
      const bytes = (cols[0] ?? 0) + (cols[8] ?? 0);
      if (iface.trim() === 'lo') lo += bytes;
      else net += bytes;
    }
  }
  if (uptimeS === undefined || !Number.isFinite(uptimeS)) return { ok: false, reason: 'no /proc/uptime line (not Linux?)' };
  if (cores.length === 0) return { ok: false, reason: 'no cpu lines from /proc/stat' };
  return { ok: true, reading: { uptimeS, cores: Array.from(cores, (c) => c ?? { busy: 0, total: 0 }), threads, quota, netBytes: net > 0 ? net : lo } };
}

/** Which group each pid belongs to: e.g. 1234 → "app", 1240 → "nginx". */
export type PidGroups = ReadonlyMap<number, string>;

export interface ReadingDelta {
  readonly coresPct: number[];
  readonly groups: GroupSecond[];
  readonly netBytesPerSecond: number;
}

/** What happened between two readings of one node, per core and per group of processes. */
export function readingDelta(before: ProcReading, after: ProcReading, groups: PidGroups): ReadingDelta | undefined {
  const seconds = after.uptimeS - before.uptimeS;
  if (!(seconds > 0)) return undefined;
  const coresPct = after.cores.map((c, i) => {
    const b = before.cores[i];
    const total = b === undefined ? 0 : c.total - b.total;
    return b === undefined || total <= 0 ? 0 : Math.min(100, Math.max(0, ((c.busy - b.busy) / total) * 100));
  });
  const earlier = new Map(before.threads.map((t) => [`${t.pid}/${t.tid}`, t]));
  const byGroup = new Map<string, { cpu: number; busiest: number; threads: number }>();
  for (const t of after.threads) {
    const name = groups.get(t.pid);
    const b = earlier.get(`${t.pid}/${t.tid}`);
    if (name === undefined || b === undefined) continue;
    const run = Math.max(0, t.runNs - b.runNs) / 1e9 / seconds;
    const wait = Math.max(0, t.waitNs - b.waitNs) / 1e9 / seconds;
    const entry = byGroup.get(name) ?? { cpu: 0, busiest: 0, threads: 0 };
    entry.cpu += run * 100;
    entry.busiest = Math.max(entry.busiest, Math.min(100, (run + wait) * 100));
    entry.threads += 1;
    byGroup.set(name, entry);
  }
  const throttled = new Map<string, number>();
  for (const [pid, q] of after.quota) {
    const name = groups.get(pid);
    const b = before.quota.get(pid);
    const periods = b === undefined ? 0 : q.periods - b.periods;
    if (name === undefined || b === undefined || periods <= 0) continue;
    throttled.set(name, Math.max(throttled.get(name) ?? 0, Math.min(100, (Math.max(0, q.throttled - b.throttled) / periods) * 100)));
  }
  const out: GroupSecond[] = [...byGroup].map(([name, g]) => ({
    name, cpuPct: g.cpu, busiestThreadPct: g.busiest, threads: g.threads,
    ...((throttled.get(name) ?? 0) > 0 && { throttledPct: throttled.get(name) }),
  }));
  return { coresPct, groups: out, netBytesPerSecond: Math.max(0, after.netBytes - before.netBytes) / seconds };
}

/** Listening TCP sockets from /proc/net/tcp and tcp6: "port" → socket inodes bound to `address` or any address. */
export function listeningInodes(text: string, address: string, ports: readonly number[]): Map<number, string[]> {
  const want = new Set(ports);
  const hexOf = (ip: string): string => ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).reverse().join('').toUpperCase();
  const mine = new Set([hexOf(address), '00000000', '00000000000000000000000000000000', `0000000000000000FFFF0000${hexOf(address)}`]);
  const found = new Map<number, string[]>();
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    if (cols[3] !== '0A' || local === undefined || cols[9] === undefined) continue;
    const [ip, portHex] = local.split(':') as [string, string | undefined];
    const port = parseInt(portHex ?? '', 16);
    if (!want.has(port) || !mine.has(ip.toUpperCase())) continue;
    found.set(port, [...(found.get(port) ?? []), cols[9]]);
  }
  return found;
}

/** `find … -lname` output ("/proc/PID/fd/N" lines) → the pids. */
export function pidsOfFdPaths(text: string): number[] {
  const pids = new Set<number>();
  for (const line of text.split('\n')) {
    const m = /^\/proc\/(\d+)\/fd\/\d+$/.exec(line.trim());
    if (m !== null) pids.add(Number(m[1]));
  }
  return [...pids].sort((a, b) => a - b);
}

/** The cpu.stat file of the CPU cgroup in a /proc/PID/cgroup text (v1's cpu controller first, else v2's). */
export function cpuStatPath(cgroupText: string): string | undefined {
  let v2: string | undefined;
  for (const line of cgroupText.split('\n')) {
    const [, controllers, ...rest] = line.split(':');
    const group = rest.join(':');
    if (controllers === undefined || group === '') continue;
    if (controllers.split(',').includes('cpu')) return `/sys/fs/cgroup/${controllers}${group}/cpu.stat`.replace(/\/+/g, '/');
    if (controllers === '') v2 = `/sys/fs/cgroup${group}/cpu.stat`.replace(/\/+/g, '/');
  }
  return v2;
}

/** cpu.stat's nr_periods and nr_throttled (cgroup v1 and v2 alike). */
export function quotaPeriodsOf(cpuStat: string): QuotaPeriods | undefined {
  const values = new Map(cpuStat.split('\n').map((l) => l.trim().split(/\s+/) as [string, string]));
  const periods = Number(values.get('nr_periods'));
  const throttled = Number(values.get('nr_throttled'));
  return Number.isFinite(periods) && Number.isFinite(throttled) ? { periods, throttled } : undefined;
}
