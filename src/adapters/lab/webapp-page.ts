/**
 * What the lab's web app answers, as pure functions (the server in webapp.ts only routes).
 * The homepage is exactly HOME_PAGE_BYTES long, like the seed cluster's 556-byte homepage.
 */

export const HOME_PAGE_BYTES = 556;

/** Units of /api/work for a Pi Zero (≈6 ms of CPU on the lab machine); a Pi 3 does a third. */
export const WORK_UNITS = 600_000;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function homePage(node: string, model: string): string {
  const head = [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>picon lab</title>',
    '<style>body{font-family:sans-serif;margin:2em;color:#222}code{background:#eee;padding:0 .2em}</style>',
    '</head>',
    '<body>',
    '<h1>picon lab</h1>',
    `<p>Served by <strong id="node">${escapeHtml(node)}</strong> (${escapeHtml(model)}).</p>`,
    '<p>Cached by nginx for 10 s; <code>/api/work</code> is not cached and costs real CPU.</p>',
  ].join('\n');
  const tail = '\n</body>\n</html>\n';
  const used = Buffer.byteLength(head) + Buffer.byteLength(tail);
  const room = HOME_PAGE_BYTES - used - '\n<!--  -->'.length;
  const filler = room > 0 ? `\n<!-- ${'.'.repeat(room)} -->` : '';
  return head + filler + tail;
}

/** Real CPU work: a xorshift loop the JIT cannot skip, since its result is returned. */
export function cpuWork(units: number): number {
  let x = 0x9e3779b9 | 0;
  let acc = 0;
  for (let i = 0; i < units; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    acc = (acc + Math.sqrt((x >>> 0) + i)) % 1e9;
  }
  return Math.round(acc);
}

export function workUnits(speed: number): number {
  return Math.max(1, Math.round(WORK_UNITS / Math.max(speed, 0.01)));
}

/** Every /api/work body has this length, so `ab` (which flags length changes as failures) sees none. */
export const WORK_BODY_BYTES = 200;

export function workBody(fields: { node: string; model: string; units: number; result: number; cpuMs: number }): string {
  const json = JSON.stringify({ ...fields, cpuMs: Math.round(fields.cpuMs * 1000) / 1000 });
  const room = WORK_BODY_BYTES - Buffer.byteLength(json) - 1;
  return `${json}${' '.repeat(Math.max(0, room))}\n`;
}
