/**
 * @module evidence/file-reader
 * ByteReader adapters: over an open file handle, over a Node stream (zip entries), over memory.
 */
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ByteReader } from './types.js';

export function fileHandleReader(handle: FileHandle): ByteReader {
  let position = 0;
  let closed = false;
  return {
    async read(into, offset, length) {
      const { bytesRead } = await handle.read(into, offset, length, position);
      position += bytesRead;
      return bytesRead;
    },
    readSync(into, offset, length) {
      const n = readSync(handle.fd, into, offset, length, position);
      position += n;
      return n;
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

/** A reader over bytes already in memory: tests and generated logs. */
export function memoryReader(bytes: Uint8Array): ByteReader {
  let position = 0;
  const readSync = (into: Uint8Array, offset: number, length: number): number => {
    const n = Math.min(length, bytes.length - position);
    if (n <= 0) return 0;
    into.set(bytes.subarray(position, position + n), offset);
    position += n;
    return n;
  };
  return {
    read: async (into, offset, length) => readSync(into, offset, length),
    readSync,
    async close() {},
  };
}

/**
 * Pull bytes from a paused stream. Holds at most one pending chunk beyond what was asked, so
 * memory stays bounded by the stream's own high-water mark.
 */
export function streamReader(stream: Readable): ByteReader {
  let pending: Buffer | null = null;
  let ended = false;
  let failure: Error | null = null;
  stream.on('end', () => {
    ended = true;
  });
  stream.on('error', (error: Error) => {
    failure = error;
  });
  const nextChunk = (): Promise<Buffer | null> =>
    new Promise((resolve, reject) => {
      const attempt = (): void => {
        if (failure) return finish(() => reject(failure));
        const chunk = stream.read() as Buffer | null;
        if (chunk !== null) return finish(() => resolve(chunk));
        if (ended || stream.readableEnded) return finish(() => resolve(null));
      };
      const finish = (f: () => void): void => {
        stream.off('readable', attempt);
        stream.off('end', attempt);
        stream.off('error', attempt);
        f();
      };
      stream.on('readable', attempt);
      stream.on('end', attempt);
      stream.on('error', attempt);
      attempt();
    });
  return {
    async read(into, offset, length) {
      if (pending === null || pending.length === 0) {
        pending = await nextChunk();
        if (pending === null) return 0;
      }
      const n = Math.min(length, pending.length);
      into.set(pending.subarray(0, n), offset);
      pending = n === pending.length ? null : pending.subarray(n);
      return n;
    },
    async close() {
      stream.destroy();
    },
  };
}
