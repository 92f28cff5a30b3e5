import http from 'node:http';
import { parseArgs } from 'node:util';
import { slowdownReader } from './lab-knob-files.js';
import { cpuWork, homePage, workBody, workUnits } from './webapp-page.js';

/**
 * The lab worker's web app (run as `node dist/adapters/lab/webapp.js --name p1 ...`):
 * `/` a cacheable page, `/api/work` uncached CPU work, `/health`. Every answer names its node
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
const slowdown = values.dir !== undefined ? slowdownReader(values.dir) : () => 1;

const server = http.createServer((req, res) => {
  res.setHeader('X-Node', name);
  const url = (req.url ?? '/').split('?')[0];
  if (url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'public, max-age=10' });
    res.end(req.method === 'HEAD' ? undefined : page);
  } else if (url === '/api/work') {
    const started = process.cpuUsage();
    const result = cpuWork(Math.round(units * slowdown()));
    const cpu = process.cpuUsage(started);
    const body = workBody({ node: name, model, units, result, cpuMs: (cpu.user + cpu.system) / 1000 });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(body);
  } else if (url === '/health') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    res.end(`ok ${name}\n`);
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end(`not found on ${name}\n`);
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(values.port ?? 9000), values.address ?? '127.0.0.1');

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
