import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { slowdownReader } from './lab-knob-files.js';
import { clockSlowdown, SENSOR_FILES } from '../../core/lab/pi-sensor-files.js';
import { cpuWork, homePage, workBody, workUnits } from './webapp-page.js';
import { handleWrite, writesDir } from './webapp-write.js';
import { stallGate } from './webapp-stall.js';

/**
 * The lab worker's web app (run as `node dist/adapters/lab/webapp.js --name p1 ...`):
 * `/` a cacheable page, `/api/work` uncached CPU work, `POST /api/write` an fsynced write, `/health`. Every answer names its node
 * in the `X-Node` header so tests and load runs can see the distribution.
 */

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    address: { type: 'string' },
    port: { type: 'string' },
    model: { type: 'string', default: 'Pi Zero' },
    speed: { type: 'string', default: '1' },
    dir: { type: 'string' },
  },
});

const name = values.name ?? 'node';
const model = values.model;
const units = workUnits(Number(values.speed));
const page = homePage(name, model);
const writes = { dir: writesDir(values.dir ?? process.cwd()), node: name };
const knobSlowdown = values.dir !== undefined ? slowdownReader(values.dir) : () => 1;

/**
 * A hot node's app slows down as its clock does (work × max/cur): read from the node's sensor
 * files (`lab heat`), at most once a second so a request costs nothing extra.
 */
const sensors = values.dir === undefined ? undefined : path.join(values.dir, 'sensors');
let slowdown = 1;
let slowdownReadAt = Number.NEGATIVE_INFINITY;
function currentSlowdown(): number {
  const now = Date.now();
  if (sensors === undefined || now - slowdownReadAt < 1000) return slowdown;
  slowdownReadAt = now;
  const khz = (file: string): number | undefined => {
    try {
      return Number(readFileSync(path.join(sensors, file), 'utf8'));
    } catch {
      return undefined;
    }
  };
  slowdown = clockSlowdown(khz(SENSOR_FILES.armClock), khz(SENSOR_FILES.armClockMax));
  return slowdown;
}

const answer = (req: http.IncomingMessage, res: http.ServerResponse): void => {
  res.setHeader('X-Node', name);
  const url = (req.url ?? '/').split('?')[0];
  if (url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'public, max-age=10' });
    res.end(req.method === 'HEAD' ? undefined : page);
  } else if (url === '/api/work') {
    const started = process.cpuUsage();
    const result = cpuWork(Math.round(units * currentSlowdown() * knobSlowdown()));
    const cpu = process.cpuUsage(started);
    const body = workBody({ node: name, model, units, result, cpuMs: (cpu.user + cpu.system) / 1000 });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(body);
  } else if (url === '/api/write') {
    handleWrite(req, res, writes);
  } else if (url === '/health') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    res.end(`ok ${name}\n`);
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end(`not found on ${name}\n`);
  }
};
/** `picon lab stall`: responses wait while the node is stalled. */
const stall = stallGate(values.dir);
const server = http.createServer((req, res) => stall.hold(() => answer(req, res)));
server.keepAliveTimeout = 65_000;
server.listen(Number(values.port ?? 9000), values.address ?? '127.0.0.1');

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
