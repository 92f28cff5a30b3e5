import { parentPort, workerData } from 'node:worker_threads';
import type { PreparedRequest } from '../../core/loadtest/http-request.js';
import { SocketLoad, type LoadEnd, type MixRequests, type SocketLoadOptions } from './socket-load.js';

/**
 * A worker thread of the built-in engine (builtin-engine.ts starts one per core): it says `ready`,
 * starts on `go` (so every thread starts together), and posts its `end`. `stop` closes every
 * socket at once.
 */

export interface WorkerSetup {
  readonly request: PreparedRequest;
  readonly connections: number;
  readonly requests?: number;
  readonly durationMs?: number;
  readonly rate?: SocketLoadOptions['rate'];
  readonly requestTimeoutMs: number;
  /** Int32Array counters shared by every thread (see SHARED_* in socket-load.ts). */
  readonly shared: SharedArrayBuffer;
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly mix?: MixRequests;
}

export type ToWorker = { readonly type: 'go' } | { readonly type: 'stop' };
export type FromWorker = { readonly type: 'ready' } | { readonly type: 'end'; readonly end: LoadEnd } | { readonly type: 'stopped' };

const port = parentPort;
if (port === null) throw new Error('socket-worker.ts runs as a worker thread');
const setup = workerData as WorkerSetup;
const post = (message: FromWorker): void => port.postMessage(message);

const load = new SocketLoad(
  {
    request: setup.request,
    connections: setup.connections,
    ...(setup.requests !== undefined && { requests: setup.requests }),
    ...(setup.durationMs !== undefined && { durationMs: setup.durationMs }),
    ...(setup.rate !== undefined && { rate: setup.rate }),
    requestTimeoutMs: setup.requestTimeoutMs,
    shared: new Int32Array(setup.shared),
    ...(setup.ca !== undefined && { ca: setup.ca }),
    ...(setup.insecure === true && { insecure: true }),
    ...(setup.mix !== undefined && { mix: setup.mix }),
  },
  (end) => post({ type: 'end', end }),
);

port.on('message', (message: ToWorker) => {
  if (message.type === 'go') {
    load.start();
  } else {
    load.stop();
    post({ type: 'stopped' });
    port.close();
  }
});
post({ type: 'ready' });
