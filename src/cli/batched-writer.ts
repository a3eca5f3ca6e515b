/**
 * @module cli/batched-writer
 * Result rows for a file or a pipe, written in batches: one write per 64 KiB or per 100 ms
 * instead of one per row. A probe of many hosts yields hundreds of rows a second, and each write
 * is a system call (for a file stream, also a round trip through libuv's thread pool): about 2 %
 * of a 500-host probe's CPU went there. A terminal still gets each row at once: someone is
 * watching it. Back-pressure is kept: a write waits while the stream asks for a drain.
 */

export interface RowWriter {
  /** Queues a row (resolves once the stream can take more, if it had asked to wait). */
  write(text: string): Promise<void> | void;
  /** Writes whatever is queued now. */
  flush(): Promise<void> | void;
}

export interface BatchOptions {
  maxBytes: number;
  maxDelayMs: number;
}

const DEFAULTS: BatchOptions = { maxBytes: 64 * 1024, maxDelayMs: 100 };

function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((r) => out.once('drain', () => r()));
}

export function batchedWriter(
  out: NodeJS.WritableStream & { isTTY?: boolean },
  options: Partial<BatchOptions> = {},
): RowWriter {
  const direct = (text: string): Promise<void> | void => {
    if (text && !out.write(text)) return drained(out);
  };
  if (out.isTTY) return { write: direct, flush: () => undefined };
  const { maxBytes, maxDelayMs } = { ...DEFAULTS, ...options };
  let queued: string[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = (): Promise<void> | void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queued.length === 0) return;
    const text = queued.join('');
    queued = [];
    bytes = 0;
    return direct(text);
  };
  return {
    write(text) {
      if (!text) return;
      queued.push(text);
      bytes += text.length;
      if (bytes >= maxBytes) return flush();
      // A timed flush does not wait for a drain; the next row does, through writableNeedDrain.
      timer ??= setTimeout(() => void flush(), maxDelayMs);
      if ((out as { writableNeedDrain?: boolean }).writableNeedDrain) return drained(out);
    },
    flush,
  };
}
