/**
 * @module parsers/evtx/decode-error
 * The one exception the decoder raises on damaged bytes. It never leaves a record: the record
 * walker catches it and turns it into a counted `{ ok: false }` result.
 */

export class EvtxDecodeError extends Error {
  override name = 'EvtxDecodeError';
}

/** Throw an `EvtxDecodeError` (short form for the many bounds checks). */
export function fail(message: string): never {
  throw new EvtxDecodeError(message);
}
