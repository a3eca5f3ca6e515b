/**
 * @module parsers/evtx/utf16
 * UTF-16LE text as stored in EVTX. Damaged strings (lone surrogates) decode with U+FFFD instead
 * of failing the record: python-evtx loses whole records to this.
 */

const DECODER = new TextDecoder('utf-16le');

/** Decode `chars` UTF-16 code units starting at byte offset `o` (caller checked bounds). */
export function utf16At(b: Uint8Array, o: number, chars: number): string {
  if (chars <= 0) return '';
  // Short strings (most names and values) are faster by hand than through TextDecoder.
  if (chars < 24) {
    let s = '';
    for (let i = 0; i < chars; i++) {
      const c = b[o + 2 * i]! | (b[o + 2 * i + 1]! << 8);
      // Surrogates need pairing checks: let TextDecoder do them (it replaces lone ones).
      if (c >= 0xd800 && c <= 0xdfff) return DECODER.decode(b.subarray(o, o + 2 * chars));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return DECODER.decode(b.subarray(o, o + 2 * chars));
}

/** Decode a UTF-16 value of `bytes` bytes, dropping the NUL terminator(s) Windows often stores. */
export function utf16Value(b: Uint8Array, o: number, bytes: number): string {
  let chars = bytes >>> 1;
  while (chars > 0 && b[o + 2 * (chars - 1)] === 0 && b[o + 2 * (chars - 1) + 1] === 0) chars--;
  return utf16At(b, o, chars);
}
