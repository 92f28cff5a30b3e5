/**
 * A two-way byte stream to something on a node (an HAProxy CLI socket): the part of a Node.js
 * Duplex that picon uses, so the transport port names no stream library.
 */
export interface ByteStream {
  write(text: string): unknown;
  destroy(): void;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
