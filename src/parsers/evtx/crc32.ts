/**
 * @module parsers/evtx/crc32
 * CRC-32 (IEEE 802.3, as zlib) over byte ranges, for the file and chunk header checksums.
 * Checksums are reported, never enforced: dirty logs often carry stale ones.
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Continue a CRC over `bytes[start, end)`; start a new one with `crc = 0`. */
export function crc32(bytes: Uint8Array, start: number, end: number, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
