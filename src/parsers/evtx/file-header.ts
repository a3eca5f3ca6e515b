/**
 * @module parsers/evtx/file-header
 * The 4 KiB file header (`ElfFile\0`). Its chunk count and flags are reported, not trusted:
 * dirty logs copied from a live server carry a stale count.
 */
import { u16At, u32At } from './byte-cursor.js';
import { crc32 } from './crc32.js';
import type { EvtxSummary } from './types.js';

export const FILE_HEADER_SIZE = 4096;
export const CHUNK_SIZE = 65536;
const FILE_MAGIC = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]; // "ElfFile\0"

export const FILE_FLAG = { DIRTY: 1, FULL: 2, NO_CRC32: 4 } as const;

export function hasFileMagic(b: Uint8Array): boolean {
  return b.length >= 8 && FILE_MAGIC.every((x, i) => b[i] === x);
}

/** Decode the file header from the first bytes of the file; null when the magic is missing. */
export function parseFileHeader(b: Uint8Array): EvtxSummary['header'] {
  if (b.length < 128 || !hasFileMagic(b)) return null;
  const flags = u32At(b, 120);
  return {
    minorVersion: u16At(b, 36),
    majorVersion: u16At(b, 38),
    chunkCount: u16At(b, 42),
    flags,
    dirty: (flags & FILE_FLAG.DIRTY) !== 0,
    full: (flags & FILE_FLAG.FULL) !== 0,
    checksumOk: crc32(b, 0, 120) === u32At(b, 124),
  };
}
