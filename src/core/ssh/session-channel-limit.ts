/**
 * How many session channels (exec, SFTP) may be opened at once on one connection, given the
 * software part of the server's ident line (ssh2 reads it from `SSH-2.0-<software> ...`).
 *
 * Dropbear before 2024.86 (Debian 12 ships 2022.83) can close a new channel before its exec
 * request arrives when another channel's process exits at that moment, and then dies on
 * "Failed assertion (common-channel.c:705): `!channel->sent_close'", taking the whole connection
 * with it (mkj/dropbear#321, fixed by #326). With one channel at a time no process of ours exits
 * while a channel is being set up.
 */
export function sessionChannelLimit(serverSoftware: string | undefined, configured: number): number {
  if (serverSoftware === undefined) return configured;
  const dropbear = /^dropbear(?:_(\d+)\.(\d+))?/i.exec(serverSoftware);
  if (dropbear === null) return configured;
  const [, year, release] = dropbear;
  if (year === undefined || release === undefined) return 1;
  const fixed = Number(year) > 2024 || (Number(year) === 2024 && Number(release) >= 86);
  return fixed ? configured : 1;
}
