import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';

/**
 * The lab app's `POST /api/write`: an IO-bound request, as a database write is. Each body is
 * written to its own file under the node's `writes/` directory and fsynced before the answer,
 * 201 with the file's name, so a test can count on disk what the app said it wrote.
 */

export const MAX_WRITE_BYTES = 64 * 1024;

export interface WriteTarget {
  readonly dir: string;
  readonly node: string;
}

let sequence = 0;

export function writesDir(nodeDir: string): string {
  const dir = path.join(nodeDir, 'writes');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function answer(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(`${body}\n`);
}

export function handleWrite(req: http.IncomingMessage, res: http.ServerResponse, target: WriteTarget): void {
  if (req.method !== 'POST') {
    answer(res, 405, JSON.stringify({ error: 'POST only' }), { Allow: 'POST' });
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_WRITE_BYTES) {
      if (!refused) answer(res, 413, JSON.stringify({ error: `a body is at most ${MAX_WRITE_BYTES} bytes` }), { Connection: 'close' });
      refused = true;
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    const file = path.join(target.dir, `${Date.now()}-${process.pid}-${++sequence}.body`);
    void (async () => {
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(Buffer.concat(chunks));
        await handle.sync();
      } finally {
        await handle.close();
      }
    })().then(
      () => answer(res, 201, JSON.stringify({ node: target.node, file: path.basename(file), bytes: size })),
      (error: Error) => answer(res, 500, JSON.stringify({ error: `could not write: ${error.message}` })),
    );
  });
}
