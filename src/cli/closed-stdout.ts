/**
 * `picon lab down | head -1`: once the reader has gone, every write to stdout fails with EPIPE.
 * The command still finishes what it started (a lab half stopped is worse than lost lines), so a
 * closed stdout is ignored; any other stream error stays an error.
 */
export function keepGoingWhenStdoutCloses(stdout: NodeJS.WriteStream): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
