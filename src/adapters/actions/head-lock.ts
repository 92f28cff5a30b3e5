import { DEFAULT_LOCK_WAIT_SECONDS } from '../../core/actions/parse-action-args.js';
import { heldLockFile, lockFailure, lockFilesFor, lockScript, type LockHolder } from '../../core/actions/head-lock.js';
import type { ExecResult, NodeTransport, Outcome } from '../../core/ports/node-transport.js';
import type { ActionDeps } from './action-deps.js';
import { thisProcess } from './process-identity.js';

/**
 * Takes the head lock (core/actions/head-lock.ts) over one long-lived exec channel: held while
 * its remote `cat` reads an open stdin; released by ending that stdin — or, if picon dies, by
 * the connection dropping under it.
 */

/** Beyond flock's own wait: how long the head may take to answer at all. */
const ANSWER_GRACE_MS = 15_000;
/** The longest an action may hold the lock; then the channel times out and the lock is freed. */
const MAX_HOLD_MS = 30 * 60_000;
const RELEASE_WAIT_MS = 5_000;

export interface HeldHeadLock {
  /** The lock file on the head. */
  readonly file: string;
  /** Ends the remote holder and waits (briefly) until the head has let go. Idempotent. */
  release(): Promise<void>;
  /** Set when the lock went before release() (the connection dropped): why. */
  lost(): string | undefined;
}

// Not a Result: a failure says whether the lock is busy (and who holds it) and what to try.
export type HeadLockOutcome =
  | { readonly ok: true; readonly lock: HeldHeadLock }
  | { readonly ok: false; readonly busy: boolean; readonly reason: string; readonly hint?: string };

const delay = (ms: number): { promise: Promise<'late'>; cancel: () => void } => {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
};

export async function takeHeadLock(
  head: NodeTransport,
  socketPath: string,
  holder: LockHolder,
  waitMs: number,
  now: () => number = Date.now,
): Promise<HeadLockOutcome> {
  const waitSeconds = Math.ceil(waitMs / 1000);
  const hold = new AbortController();
  const cancel = new AbortController();
  let stdout = '';
  let markHeld: (file: string) => void = () => undefined;
  const held = new Promise<string>((resolve) => {
    markHeld = resolve;
  });
  let ended: Outcome<ExecResult> | undefined;
  const run = head
    .exec(lockScript(lockFilesFor(socketPath), holder, waitSeconds), {
      timeoutMs: MAX_HOLD_MS,
      holdStdinUntil: hold.signal,
      signal: cancel.signal,
      releaseSlotOnOutput: true,
      onStdout: (text) => {
        stdout += text;
        const file = heldLockFile(stdout);
        if (file !== undefined) markHeld(file);
      },
    })
    .then((r) => {
      ended = r;
      return r;
    });
  const late = delay(waitMs + ANSWER_GRACE_MS);
  const first = await Promise.race([held.then((file) => ({ file })), run.then((result) => ({ result })), late.promise]);
  late.cancel();
  if (first === 'late') {
    cancel.abort();
    return { ok: false, busy: false, reason: `cannot lock HAProxy on ${head.node}: no answer from the lock command within ${Math.round((waitMs + ANSWER_GRACE_MS) / 1000)} s` };
  }
  if ('result' in first) {
    hold.abort();
    const r = first.result;
    if (!r.ok) return { ok: false, busy: false, reason: `cannot lock HAProxy on ${head.node}: ${r.error.message}` };
    const failure = lockFailure(head.node, r.value, waitSeconds, now());
    return failure.busy ? { ok: false, busy: true, reason: failure.reason, hint: failure.hint } : { ok: false, busy: false, reason: failure.reason };
  }
  let released = false;
  return {
    ok: true,
    lock: {
      file: first.file,
      release: async () => {
        released = true;
        hold.abort();
        const wait = delay(RELEASE_WAIT_MS);
        await Promise.race([run, wait.promise]);
        wait.cancel();
      },
      lost: () => {
        if (released || ended === undefined) return undefined;
        return ended.ok ? `the lock command on ${head.node} ended early (exit ${ended.value.code ?? ended.value.signal})` : ended.error.message;
      },
    },
  };
}

/** Who holds it, for the record other picons read when they wait in vain. */
export function lockHolder(deps: ActionDeps, what: string): LockHolder {
  const self = deps.process ?? thisProcess();
  return {
    user: deps.user,
    host: self.host,
    pid: self.pid,
    what,
    since: new Date((deps.now ?? Date.now)()).toISOString(),
  };
}

export type LockedBody<T> = (lock: HeldHeadLock) => Promise<T>;

/**
 * Runs `body` holding the head lock, released on every path (throws too); `refused` builds the
 * answer when the lock could not be taken.
 */
export async function withHeadLock<T>(deps: ActionDeps, what: string, waitMs: number | undefined, body: LockedBody<T>, refused: (failure: Extract<HeadLockOutcome, { ok: false }>) => T): Promise<T> {
  const { profile } = deps;
  const held = deps.heldLock;
  // Held by a rollout: act under it; a drain --wait's early release must not let the rollout's lock go.
  if (held !== undefined) return body({ file: held.file, release: async () => undefined, lost: () => held.lost() });
  const socket = profile.haproxy.sockets[0] ?? profile.haproxy.masterSocket ?? '/run/haproxy/admin.sock';
  const taken = await takeHeadLock(deps.transport(profile.head.name), socket, lockHolder(deps, what), waitMs ?? DEFAULT_LOCK_WAIT_SECONDS * 1000, deps.now);
  if (!taken.ok) return refused(taken);
  try {
    return await body(taken.lock);
  } finally {
    await taken.lock.release();
  }
}
