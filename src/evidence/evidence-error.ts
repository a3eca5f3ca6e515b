/**
 * @module evidence/evidence-error
 * The one exception of the evidence layer: the root itself cannot be opened (missing path,
 * not a directory or zip, unreadable). Everything below the root is a counted issue instead.
 */

export type EvidenceErrorCode = 'not-found' | 'unreadable' | 'not-supported' | 'bad-zip';

export class EvidenceError extends Error {
  override readonly name = 'EvidenceError';
  constructor(
    readonly code: EvidenceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Duck-typed check that works across worker and realm boundaries. */
export function isEvidenceError(value: unknown): value is EvidenceError {
  return value instanceof Error && value.name === 'EvidenceError' && 'code' in value;
}
