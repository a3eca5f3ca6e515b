/**
 * @module evidence/zip-root
 * An evidence root over a .zip (a Velociraptor collection, a zipped KAPE folder). Entries are
 * streamed straight out of the archive: nothing is extracted to disk. Opening reads only the
 * central directory, so each worker thread can cheaply open the same zip again.
 *
 * Entry names are decoded by us (yauzl's own name check would reject the whole archive for one
 * `../` entry; here such an entry is a counted `unsafe-name` issue and the rest still counts).
 */
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import { EvidenceError } from './evidence-error.js';
import { streamReader } from './file-reader.js';
import { safeRelative } from './safe-relative.js';
import type { EvidenceEntry, EvidenceIssue, EvidenceRoot, OpenResult, WalkOptions } from './types.js';
import { windowsView } from './windows-path.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;

interface ZipItem {
  entry: yauzl.Entry;
  evidence: EvidenceEntry;
}

export class ZipRoot implements EvidenceRoot {
  readonly kind = 'zip' as const;

  private constructor(
    readonly location: string,
    private readonly zip: yauzl.ZipFile,
    private readonly items: Map<string, ZipItem>,
    private readonly order: string[],
    private readonly issues: EvidenceIssue[],
  ) {}

  static async open(location: string): Promise<ZipRoot> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.open(
        location,
        { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
        (error, zipfile) => (error || !zipfile ? reject(error) : resolve(zipfile)),
      );
    }).catch((error: unknown) => {
      throw new EvidenceError('bad-zip', `not a readable zip: ${(error as Error).message}`, { cause: error });
    });
    const items = new Map<string, ZipItem>();
    const order: string[] = [];
    const issues: EvidenceIssue[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        indexEntry(entry, items, order, issues);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: Error) =>
        reject(new EvidenceError('bad-zip', `damaged zip: ${error.message}`)),
      );
      zip.readEntry();
    }).catch((error: unknown) => {
      zip.close();
      throw error;
    });
    order.sort();
    return new ZipRoot(location, zip, items, order, issues);
  }

  async *walk(options: WalkOptions = {}): AsyncIterable<EvidenceEntry> {
    const report = options.onIssue ?? (() => {});
    for (const issue of this.issues) report(issue);
    for (const name of this.order) yield this.items.get(name)!.evidence;
  }

  async entry(path: string): Promise<EvidenceEntry | null> {
    const rel = safeRelative(path);
    return rel === null ? null : (this.items.get(rel)?.evidence ?? null);
  }

  async open(path: string): Promise<OpenResult> {
    const rel = safeRelative(path);
    const item = rel === null ? undefined : this.items.get(rel);
    if (!item) return { ok: false, issue: { path, kind: 'unreadable', message: 'no such entry in the zip' } };
    if (item.entry.isEncrypted()) {
      return { ok: false, issue: { path, kind: 'unreadable', message: 'encrypted zip entry' } };
    }
    if (!item.entry.canDecodeFileData()) {
      return {
        ok: false,
        issue: {
          path,
          kind: 'unreadable',
          message: `unsupported compression method ${item.entry.compressionMethod}`,
        },
      };
    }
    try {
      const stream = await new Promise<Readable>((resolve, reject) => {
        this.zip.openReadStream(item.entry, (error, s) => (error || !s ? reject(error) : resolve(s)));
      });
      return { ok: true, reader: streamReader(stream) };
    } catch (error) {
      return {
        ok: false,
        issue: { path, kind: 'unreadable', message: `damaged zip entry: ${(error as Error).message}` },
      };
    }
  }

  async close(): Promise<void> {
    this.zip.close();
  }
}

function indexEntry(
  entry: yauzl.Entry,
  items: Map<string, ZipItem>,
  order: string[],
  issues: EvidenceIssue[],
): void {
  const raw = decodeName(entry);
  const display = raw.replace(/\\/g, '/');
  if (display.endsWith('/')) return; // a folder record
  const rel = safeRelative(display);
  if (rel === null || rel === '') {
    issues.push({ path: display, kind: 'unsafe-name', message: 'zip entry name leaves the root: skipped' });
    return;
  }
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) {
    issues.push({
      path: rel,
      kind: 'link-inside-root',
      message: 'symbolic link stored in the zip: not followed',
    });
    return;
  }
  if (type !== 0 && type !== S_IFREG) {
    issues.push({ path: rel, kind: 'not-a-file', message: 'zip entry is not a regular file' });
    return;
  }
  if (items.has(rel)) {
    issues.push({ path: rel, kind: 'duplicate', message: 'second zip entry with this name: skipped' });
    return;
  }
  let mtime: number | null = null;
  try {
    mtime = entry.getLastModDate().getTime();
  } catch {
    mtime = null;
  }
  items.set(rel, {
    entry,
    evidence: { path: rel, size: entry.uncompressedSize, mtime, windows: windowsView(rel) },
  });
  order.push(rel);
}

/** UTF-8 when the archive says so (bit 11), else ASCII, else Latin-1 as the closest lossless reading. */
function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer | string;
  if (typeof raw === 'string') return raw;
  if ((entry.generalPurposeBitFlag & 0x800) !== 0) return raw.toString('utf8');
  return raw.toString('latin1');
}
