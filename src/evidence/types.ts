/**
 * @module evidence/types
 * The vocabulary of an evidence root: entries (files), their Windows view, counted issues, and
 * the byte reader every parser reads through. Nothing here interprets file content.
 */

/** How a file of the evidence appears on the Windows system it came from. */
export interface WindowsView {
  /** Drive letter ("C") when the layout reveals it (KAPE `C/…`, Velociraptor `C%3A/…`), else null. */
  drive: string | null;
  /** Windows path without the drive, backslashes, on-disk case: `\Program Files\Microsoft\…`. */
  path: string;
  /** Match key: `path` lowercased with forward slashes (`/program files/microsoft/…`). */
  key: string;
}

/** One file in an evidence root. */
export interface EvidenceEntry {
  /** Path relative to the evidence root, forward slashes, on-disk (or in-zip) case and spelling. */
  path: string;
  size: number;
  /** Modification time in epoch ms, or null when unknown. */
  mtime: number | null;
  windows: WindowsView;
}

/** Why something in the root could not be read or was not followed. Counted, never fatal. */
export type EvidenceIssueKind =
  | 'unreadable' // permission denied, I/O error, damaged zip entry
  | 'link-outside-root' // a symbolic link whose target leaves the root: never followed
  | 'link-loop' // a link back to one of its own ancestors
  | 'link-inside-root' // a link to another place in the root: not followed, that place is walked itself
  | 'broken-link'
  | 'unsafe-name' // zip entry named with `..` or an absolute path
  | 'not-a-file' // device, socket, FIFO, zip entry of an unsupported kind
  | 'duplicate'; // two zip entries with the same name: the first wins

export interface EvidenceIssue {
  /** Relative path (forward slashes) of the thing that could not be read. */
  path: string;
  kind: EvidenceIssueKind;
  message: string;
}

/**
 * Pull-style reader over one file's bytes: the parsers read into their own buffer.
 * `read` resolves with the number of bytes copied (0 at end of file) and rejects only on an I/O
 * failure of the medium (a damaged zip entry, a disk error), which callers turn into an issue.
 */
export interface ByteReader {
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  /**
   * Synchronous read, when the medium allows it (a local file): saves a thread-pool round trip
   * per chunk. Worker threads scanning logs prefer it; it throws where `read` would reject.
   */
  readSync?(into: Uint8Array, offset: number, length: number): number;
  close(): Promise<void>;
}

/** Result of opening one entry: errors are values. */
export type OpenResult = { ok: true; reader: ByteReader } | { ok: false; issue: EvidenceIssue };

export interface WalkOptions {
  /** Called for every counted issue met during the walk. */
  onIssue?: (issue: EvidenceIssue) => void;
}

/**
 * A read-only evidence root: a directory (live drive, mounted image, KAPE/Velociraptor folder), a
 * zip of one, or a single file. Entries are addressed by their relative path, so another worker thread can open
 * the same root and read the same entry.
 */
export interface EvidenceRoot {
  /** A folder, a zip, or a single file (then the root holds just that file, by its base name). */
  readonly kind: 'directory' | 'zip' | 'file';
  /** Absolute path of the directory or zip file as given (resolved). */
  readonly location: string;
  /** Every regular file under the root, depth first, names sorted; links are never followed. */
  walk(options?: WalkOptions): AsyncIterable<EvidenceEntry>;
  /** The entry at a relative path, or null when there is none (or it is not a regular file). */
  entry(path: string): Promise<EvidenceEntry | null>;
  /** Open an entry for reading. Never writes, never leaves the root. */
  open(path: string): Promise<OpenResult>;
  /**
   * The absolute on-disk path of an entry, for readers that need a file name (EVTX, a YARA
   * binary), after the same checks as `open` (no link out of the root). Null for a zip entry or a
   * path that fails the checks.
   */
  localPath?(path: string): Promise<string | null>;
  close(): Promise<void>;
}
