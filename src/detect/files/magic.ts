/**
 * @module detect/files/magic
 * File type from the first bytes, the way LOKI's `file-type-signatures.txt` names them, so a
 * renamed memory dump or archive is still found by what it is, not what it is called.
 */

const SIGNATURES: [number[], string][] = [
  [[0x4d, 0x44, 0x4d, 0x50], 'MDMP'],
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP'],
  [[0x50, 0x4b, 0x05, 0x06], 'ZIP'],
  [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], 'RAR'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], '7Z'],
  [[0x21, 0x42, 0x44, 0x4e], 'PST'],
  [[0x4d, 0x5a], 'PE'],
  [[0x30, 0x82], 'DER'],
];

export function fileTypeOf(head: Uint8Array): string {
  for (const [sig, name] of SIGNATURES) {
    if (head.length >= sig.length && sig.every((b, i) => head[i] === b)) return name;
  }
  return '';
}

export const ARCHIVE_TYPES = new Set(['ZIP', 'RAR', '7Z']);
