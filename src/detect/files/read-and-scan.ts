/**
 * @module detect/files/read-and-scan
 * Reads one evidence file once: the three hashes are fed while streaming, and a file small enough
 * for YARA is assembled in one buffer and scanned from memory (no second read). Runs inside a
 * worker thread; every failure is returned as a value.
 */
import { createHash } from 'node:crypto';
import type { EvidenceRoot } from '../../evidence/index.js';
import { variablesFor, type CompiledRules } from '../yara/index.js';
import { fileTypeOf } from './magic.js';
import type { FileJob, ScannedFile } from './types.js';

export interface ReadLimits {
  maxScanBytes: number;
  maxHashBytes: number;
}

const CHUNK = 4 * 1024 * 1024;
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
    dumpOf: null,
  };
}

/**
 * @param yara compiled rules, or null for hash-only; `yaraByPath` set when the backend scans
 *   files by their own path (the CLI), in which case content is only hashed here.
 */
export async function readAndScan(
  root: EvidenceRoot,
  job: FileJob,
  limits: ReadLimits,
  yara: CompiledRules | null,
  scratch: Buffer,
): Promise<ScannedFile> {
  if (job.size > limits.maxHashBytes) {
    // Still read the head for the type check: a huge MDMP is exactly what we want to see.
    const opened = await root.open(job.path);
    if (!opened.ok) return empty(job, opened.issue.message);
    try {
      let n = await opened.reader.read(scratch, 0, 64);
      const fileType = fileTypeOf(scratch.subarray(0, n));
      if (fileType !== 'MDMP') return { ...empty(job, null), fileType };
      // A dump too big to hash still gets its process named from the start of the file.
      const window = Buffer.allocUnsafe(Math.min(DUMP_WINDOW, job.size));
      scratch.copy(window, 0, 0, n);
      for (let r = n; n < window.length && r > 0; n += r)
        r = await opened.reader.read(window, n, window.length - n);
      return { ...empty(job, null), fileType, dumpOf: dumpOf(window.subarray(0, n)) };
    } catch (err) {
      return empty(job, `read failed: ${(err as Error).message}`);
    } finally {
      await opened.reader.close().catch(() => undefined);
    }
  }
  const opened = await root.open(job.path);
  if (!opened.ok) return empty(job, opened.issue.message);
  const md5 = createHash('md5');
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  const whole = job.size <= limits.maxScanBytes ? Buffer.allocUnsafe(job.size) : null;
  let head: Buffer | null = null;
  let total = 0;
  try {
    for (;;) {
      const into = whole ? whole : scratch;
      const offset = whole ? total : 0;
      const want = whole ? Math.min(CHUNK, whole.length - total) : scratch.length;
      if (want === 0) {
        // The file may have grown since it was listed: hash the rest, YARA sees the listed size.
        const n = await opened.reader.read(scratch, 0, scratch.length);
        if (n === 0) break;
        const extra = scratch.subarray(0, n);
        md5.update(extra);
        sha1.update(extra);
        sha256.update(extra);
        total += n;
        continue;
      }
      const n = await opened.reader.read(into, offset, want);
      if (n === 0) break;
      const slice = into.subarray(offset, offset + n);
      if (!head) head = Buffer.from(slice.subarray(0, 64));
      md5.update(slice);
      sha1.update(slice);
      sha256.update(slice);
      total += n;
    }
  } catch (err) {
    return empty(job, `read failed: ${(err as Error).message}`);
  } finally {
    await opened.reader.close().catch(() => undefined);
  }
  const content = whole ? whole.subarray(0, Math.min(total, whole.length)) : null;
  const fileType = fileTypeOf(head ?? Buffer.alloc(0));
  let hits: ScannedFile['yara'] = [];
  if (yara && content) {
    hits = await yara.scanBuffer(content, variablesFor(job.windowsPath.replace(/\\/g, '/'), fileType));
  }
  return {
    path: job.path,
    md5: md5.digest('hex'),
    sha1: sha1.digest('hex'),
    sha256: sha256.digest('hex'),
    fileType,
    yara: hits,
    contentScanned: Boolean(yara && content),
    error: null,
    dumpOf: fileType === 'MDMP' && content ? dumpOf(content) : null,
  };
}
