/**
 * @module parsers/buffer-pool
 * Read buffers reused across scans in one thread. A fresh multi-MB buffer per file costs a page
 * fault per 4 KiB on first touch; a hunt over thousands of rotated log files would pay that for
 * every file. A few buffers are kept (concurrent scans in one thread each take their own).
 */

const KEEP = 2;
const free: Buffer[] = [];

/** A buffer of exactly `size` bytes (contents undefined). */
export function acquireBuffer(size: number): Buffer {
  const i = free.findIndex((b) => b.length === size);
  if (i >= 0) return free.splice(i, 1)[0]!;
  return Buffer.allocUnsafeSlow(size);
}

/** Give a buffer back once nothing refers to its bytes any more. */
export function releaseBuffer(buf: Buffer): void {
  if (free.length >= KEEP) free.shift();
  free.push(buf);
}
