import type { SFTPWrapper } from 'ssh2';
import type { FileOutcome, RemoteFileError, RemoteFiles } from '../../core/ports/remote-files.js';

/** The few SFTP calls picon makes (a fake in tests implements just these). */
export type SftpCalls = Pick<SFTPWrapper, 'open' | 'read' | 'close' | 'ext_openssh_statvfs'>;

// SFTP status codes (draft-ietf-secsh-filexfer-02).
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;

function fileError(err: Error): RemoteFileError {
  const code = (err as { code?: unknown }).code;
  return { kind: code === NO_SUCH_FILE ? 'missing' : code === PERMISSION_DENIED ? 'denied' : 'failed', message: err.message };
}

const failed = (err: Error): FileOutcome<never> => ({ ok: false, error: fileError(err) });

/** The RemoteFiles port over one SFTP session; a call that throws (the session is gone) is a failure. */
export function sftpRemoteFiles(sftp: SftpCalls): RemoteFiles {
  const call = <T>(run: (done: (outcome: FileOutcome<T>) => void) => void): Promise<FileOutcome<T>> =>
    new Promise((resolve) => {
      try {
        run(resolve);
      } catch (err) {
        resolve(failed(err as Error));
      }
    });
  return {
    open: (path) => call((done) => sftp.open(path, 'r', (err, handle) => done(err ? failed(err) : { ok: true, value: handle }))),
    read: (handle, into, position) =>
      call((done) =>
        sftp.read(handle as Buffer, into as Buffer, 0, into.length, position, (err, bytesRead) => done(err ? failed(err) : { ok: true, value: bytesRead })),
      ),
    close: (handle) => {
      try {
        sftp.close(handle as Buffer, () => undefined);
      } catch {
        // The session is gone; so is the handle.
      }
    },
    fileSystemStats: (path) =>
      new Promise((resolve) => {
        try {
          sftp.ext_openssh_statvfs(path, (err, info: unknown) => resolve(err ? failed(err) : { ok: true, value: info }));
        } catch (err) {
          resolve({ ok: false, error: { kind: 'unsupported', message: (err as Error).message } });
        }
      }),
  };
}
