/**
 * @module detect/files/read-and-scan
 * Reads one evidence file once: the three hashes are fed while streaming, and a file small enough
 * for YARA is held in one buffer and scanned from memory (no second read). Split in two steps so
 * the batch scanner can read the next file while this one is hashed and scanned: `loadFile`
 * (I/O only) and `digestFile` (CPU only). Runs inside a worker thread; every failure is a value.
 */
import crypto, { createHash, type Hash } from 'node:crypto';
import type { ByteReader, EvidenceRoot } from '../../evidence/index.js';
import { variablesFor, type CompiledRules } from '../yara/index.js';
import { LocalFiles } from './local-read.js';
import { fileTypeOf } from './magic.js';
import type { FileJob, ScannedFile } from './types.js';

export type HashName = 'md5' | 'sha1' | 'sha256';

export interface ReadLimits {
  maxScanBytes: number;
  maxHashBytes: number;
  /** Which digests to compute (default all three). */
  hashes?: HashName[];
  /**
   * Files above this size are streamed (hashed in chunks) even when YARA will scan them: the
   * caller then has YARA read the file by path. Default: `maxScanBytes`.
   */
  streamAbove?: number;
}

/** Whether `loadFile` reads this file whole into memory. */
export function readsWhole(size: number, limits: ReadLimits): boolean {
  return size <= Math.min(limits.maxScanBytes, limits.streamAbove ?? limits.maxScanBytes);
}

const CHUNK = 16 * 1024 * 1024;
const LSASS = [
  Buffer.from('lsass.exe', 'utf16le'),
  Buffer.from('LSASS.EXE', 'utf16le'),
  Buffer.from('lsass.exe'),
];

/** Window of a minidump searched for the dumped process name (module list is near the start). */
const DUMP_WINDOW = 8 * 1024 * 1024;

function dumpOf(buf: Buffer): string | null {
  const window = buf.subarray(0, Math.min(buf.length, DUMP_WINDOW));
  return LSASS.some((n) => window.includes(n)) ? 'lsass.exe' : null;
}

function empty(job: FileJob, error: string | null): ScannedFile {
  return {
    path: job.path,
    md5: null,
    sha1: null,
    sha256: null,
    fileType: '',
    yara: [],
    contentScanned: false,
    error,
    yaraError: null,
    dumpOf: null,
  };
}

type Hashes = Partial<Record<HashName, Hash>>;

const ALL: HashName[] = ['md5', 'sha1', 'sha256'];

/**
 * Reads through the evidence reader, synchronously when it can: inside a worker thread blocking
 * is harmless, and a round trip through libuv's thread pool per chunk cost 3-4x in throughput on
 * a busy 2-core machine.
 */
function readInto(
  reader: ByteReader,
  into: Buffer,
  offset: number,
  length: number,
): number | Promise<number> {
  return reader.readSync ? reader.readSync(into, offset, length) : reader.read(into, offset, length);
}

function newHashes(names: HashName[] = ALL): Hashes {
  const h: Hashes = {};
  for (const n of names) h[n] = createHash(n);
  return h;
}

function feed(h: Hashes, data: Uint8Array): void {
  h.md5?.update(data);
  h.sha1?.update(data);
  h.sha256?.update(data);
}

const hex = (h: Hash | undefined) => (h ? h.digest('hex') : null);

/**
 * Digests of bytes held whole: one-shot `crypto.hash` (Node >= 20.12) where present, which
 * skips a Hash object per digest and file (25,000 small files x 3).
 */
function digestsOf(
  data: Buffer,
  names: HashName[] = ALL,
): { md5: string | null; sha1: string | null; sha256: string | null } {
  const one = (crypto as { hash?: (alg: string, d: Buffer, enc: 'hex') => string }).hash;
  const of = (n: HashName) =>
    !names.includes(n) ? null : one ? one(n, data, 'hex') : createHash(n).update(data).digest('hex');
  return { md5: of('md5'), sha1: of('sha1'), sha256: of('sha256') };
}

/** What `loadFile` produced: the whole content, a streamed digest, or a type-only look. */
export type Loaded =
  | { kind: 'whole'; job: FileJob; content: Buffer }
  | { kind: 'streamed'; job: FileJob; hashes: Hashes; head: Buffer }
  | { kind: 'head-only'; job: FileJob; fileType: string; dumpOf: string | null }
  | { kind: 'failed'; job: FileJob; error: string };

async function readAll(root: EvidenceRoot, job: FileJob): Promise<Loaded> {
  const opened = await root.open(job.path);
  if (!opened.ok) return { kind: 'failed', job, error: opened.issue.message };
  try {
    const whole = Buffer.allocUnsafe(job.size);
    let total = 0;
    while (total < whole.length) {
      const n = await readInto(opened.reader, whole, total, Math.min(CHUNK, whole.length - total));
      if (n === 0) break;
      total += n;
    }
    // A file that grew since it was listed is read up to its listed size: YARA and the hashes
    // see the same bytes.
    return { kind: 'whole', job, content: whole.subarray(0, total) };
  } catch (err) {
    return { kind: 'failed', job, error: `read failed: ${(err as Error).message}` };
  } finally {
    await opened.reader.close().catch(() => undefined);
  }
}

async function readStreaming(
  root: EvidenceRoot,
  job: FileJob,
  scratch: Buffer,
  names?: HashName[],
): Promise<Loaded> {
  const opened = await root.open(job.path);
  if (!opened.ok) return { kind: 'failed', job, error: opened.issue.message };
  const hashes = newHashes(names);
  let head: Buffer | null = null;
  try {
    for (;;) {
      const n = await readInto(opened.reader, scratch, 0, scratch.length);
      if (n === 0) break;
      const slice = scratch.subarray(0, n);
      if (!head) head = Buffer.from(slice.subarray(0, Math.min(n, DUMP_WINDOW)));
      feed(hashes, slice);
    }
    return { kind: 'streamed', job, hashes, head: head ?? Buffer.alloc(0) };
  } catch (err) {
    return { kind: 'failed', job, error: `read failed: ${(err as Error).message}` };
  } finally {
    await opened.reader.close().catch(() => undefined);
  }
}

async function readHead(root: EvidenceRoot, job: FileJob): Promise<Loaded> {
  // Too big to hash: still read the head for the type check, and a dump's process name.
  const opened = await root.open(job.path);
  if (!opened.ok) return { kind: 'failed', job, error: opened.issue.message };
  try {
    const window = Buffer.allocUnsafe(Math.min(DUMP_WINDOW, job.size));
    let n = await readInto(opened.reader, window, 0, Math.min(64, window.length));
    const fileType = fileTypeOf(window.subarray(0, n));
    if (fileType !== 'MDMP') return { kind: 'head-only', job, fileType, dumpOf: null };
    for (let r = n; n < window.length && r > 0; n += r)
      r = await readInto(opened.reader, window, n, window.length - n);
    return { kind: 'head-only', job, fileType, dumpOf: dumpOf(window.subarray(0, n)) };
  } catch (err) {
    return { kind: 'failed', job, error: `read failed: ${(err as Error).message}` };
  } finally {
    await opened.reader.close().catch(() => undefined);
  }
}

/**
 * I/O step. Files up to `maxScanBytes` are read whole; larger ones are hashed while streaming
 * through `scratch` (so the caller must not start another streamed load with the same scratch
 * before this one resolves); files over `maxHashBytes` get a head-only look.
 */
export function loadFile(
  root: EvidenceRoot,
  job: FileJob,
  limits: ReadLimits,
  scratch: Buffer,
): Promise<Loaded> {
  if (job.size > limits.maxHashBytes) return readHead(root, job);
  if (readsWhole(job.size, limits)) return readAll(root, job);
  return readStreaming(root, job, scratch, limits.hashes);
}

/**
 * The synchronous counterpart of `loadFile` for the local fast path (see local-read.ts): the
 * same three outcomes, read with blocking calls. A whole-read file lands in `whole(size)`, a
 * buffer the caller reuses from file to file (no allocation and no GC per file), so the result
 * must be digested before the next call.
 */
export function loadLocal(
  local: LocalFiles,
  job: FileJob,
  limits: ReadLimits,
  whole: (size: number) => Buffer,
  scratch: Buffer,
): Loaded {
  const opened = local.open(job.path);
  if (!opened.ok) return { kind: 'failed', job, error: opened.error };
  const { fd } = opened;
  try {
    if (job.size > limits.maxHashBytes) {
      const head = Buffer.allocUnsafe(Math.min(64, job.size));
      const n = LocalFiles.readFully(fd, head, 0, head.length, 0);
      const fileType = fileTypeOf(head.subarray(0, n));
      if (fileType !== 'MDMP') return { kind: 'head-only', job, fileType, dumpOf: null };
      const window = Buffer.allocUnsafe(Math.min(DUMP_WINDOW, job.size));
      const w = LocalFiles.readFully(fd, window, 0, window.length, 0);
      return { kind: 'head-only', job, fileType, dumpOf: dumpOf(window.subarray(0, w)) };
    }
    if (job.size <= limits.maxScanBytes) {
      // Up to the listed size, as readAll: YARA and the hashes see the same bytes.
      const buf = whole(job.size);
      const n = LocalFiles.readFully(fd, buf, 0, job.size, 0);
      return { kind: 'whole', job, content: buf.subarray(0, n) };
    }
    const hashes = newHashes(limits.hashes);
    let head: Buffer | null = null;
    for (let position = 0; ;) {
      const n = LocalFiles.readFully(fd, scratch, 0, scratch.length, position);
      if (n === 0) break;
      const slice = scratch.subarray(0, n);
      if (!head) head = Buffer.from(slice.subarray(0, Math.min(n, DUMP_WINDOW)));
      feed(hashes, slice);
      position += n;
    }
    return { kind: 'streamed', job, hashes, head: head ?? Buffer.alloc(0) };
  } catch (err) {
    return { kind: 'failed', job, error: `read failed: ${(err as Error).message}` };
  } finally {
    LocalFiles.close(fd);
  }
}

/** CPU step: hashes (if not streamed) and YARA over the loaded bytes. */
export async function digestFile(
  loaded: Loaded,
  yara: CompiledRules | null,
  names?: HashName[],
): Promise<ScannedFile> {
  const { job } = loaded;
  if (loaded.kind === 'failed') return empty(job, loaded.error);
  if (loaded.kind === 'head-only')
    return { ...empty(job, null), fileType: loaded.fileType, dumpOf: loaded.dumpOf };
  if (loaded.kind === 'streamed') {
    const fileType = fileTypeOf(loaded.head);
    return {
      path: job.path,
      md5: hex(loaded.hashes.md5),
      sha1: hex(loaded.hashes.sha1),
      sha256: hex(loaded.hashes.sha256),
      fileType,
      yara: [],
      contentScanned: false,
      error: null,
      yaraError: null,
      dumpOf: fileType === 'MDMP' ? dumpOf(loaded.head) : null,
    };
  }
  const content = loaded.content;
  const digest = digestsOf(content, names);
  const fileType = fileTypeOf(content.subarray(0, 64));
  let hits: ScannedFile['yara'] = [];
  let yaraError: string | null = null;
  if (yara) {
    try {
      hits = await yara.scanBuffer(content, variablesFor(job.windowsPath.replace(/\\/g, '/'), fileType));
    } catch (err) {
      // A scan error (timeout, engine limit) loses the YARA verdict of this file, not the run.
      yaraError = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    }
  }
  return {
    path: job.path,
    ...digest,
    fileType,
    yara: hits,
    contentScanned: Boolean(yara) && yaraError === null,
    error: null,
    yaraError,
    dumpOf: fileType === 'MDMP' ? dumpOf(content) : null,
  };
}
