/** "8 MiB", "512 KiB", "100 bytes": a size limit as a person reads it (exact, never rounded). */
export function byteSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** "17.2 MiB (18000000 bytes)": a measured size, rounded, with the exact count. */
export function measuredSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${mib.toFixed(1)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}
