/**
 * Just enough of HAProxy's `show stat` CSV for the lab to know when every server is UP.
 * Columns are found by the header line, never by position. (picon's full parser lives in core.)
 */
export interface StatServer {
  readonly backend: string;
  readonly server: string;
  readonly status: string;
}

export function parseStatServers(csv: string): StatServer[] | undefined {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0];
  if (header === undefined || !header.startsWith('# ')) return undefined;
  const columns = header.slice(2).split(',');
  const px = columns.indexOf('pxname');
  const sv = columns.indexOf('svname');
  const st = columns.indexOf('status');
  if (px < 0 || sv < 0 || st < 0) return undefined;
  const out: StatServer[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const backend = cells[px];
    const server = cells[sv];
    const status = cells[st];
    if (backend === undefined || server === undefined || status === undefined) continue;
    if (server === 'FRONTEND' || server === 'BACKEND') continue;
    out.push({ backend, server, status });
  }
  return out;
}
