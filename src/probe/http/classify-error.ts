/**
 * @module probe/http/classify-error
 * Socket and parser errors → one of a few per-target error codes with a one-line message, so a
 * hostile or broken server becomes a clear row in the output, never a stack trace.
 */
import type { RequestError, RequestErrorCode } from '../types.js';

const BY_CODE: Record<string, RequestErrorCode> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'aborted',
  EPIPE: 'aborted',
  ECONNABORTED: 'aborted',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ETIMEDOUT: 'timeout',
};

/** Keeps messages to one printable line of bounded length. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function classifyError(err: unknown): RequestError {
  const e = err as { code?: string; message?: string } | null;
  const code = e?.code ?? '';
  const message = oneLine(e?.message ?? String(err));
  if (code in BY_CODE) return { code: BY_CODE[code] as RequestErrorCode, message };
  if (code.startsWith('HPE_') || code === 'ERR_HTTP_INVALID_HEADER_VALUE') {
    return { code: 'protocol', message: `invalid HTTP response (${code}): ${message}` };
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL|TLS|certificate/i.test(message)) {
    return { code: 'tls', message: `TLS failure: ${message}` };
  }
  if (/socket hang up/i.test(message))
    return { code: 'aborted', message: 'connection closed without a response' };
  return { code: 'other', message: code ? `${code}: ${message}` : message };
}
