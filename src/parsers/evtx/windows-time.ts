/**
 * @module parsers/evtx/windows-time
 * FILETIME (100 ns ticks since 1601) and SYSTEMTIME to epoch ms and ISO 8601. FILETIMEs exceed
 * 2^53, so the split into milliseconds and 100 ns remainder is done in exact integer steps.
 */
import { u16At, u32At } from './byte-cursor.js';

/** Milliseconds from 1601-01-01 to 1970-01-01. */
const EPOCH_DELTA_MS = 11644473600000;
/** 9999-12-31T23:59:59.999Z: later FILETIMEs are damage, and ISO 8601 needs four year digits. */
const MAX_MS = 253402300799999;

export interface WindowsTime {
  /** Epoch milliseconds. */
  ms: number;
  /** ISO 8601 with 7 fractional digits, as Windows renders `SystemTime`. */
  iso: string;
}

/** Decode the FILETIME at `o`; null when it is after year 9999. */
export function filetimeAt(b: Uint8Array, o: number): WindowsTime | null {
  const lo = u32At(b, o);
  const hi = u32At(b, o + 4);
  // 2^32 = 10000 * 429496 + 7296, so hi * 2^32 + lo = 10000 * (hi * 429496) + (hi * 7296 + lo).
  const rest = hi * 7296 + lo;
  const ms1601 = hi * 429496 + Math.floor(rest / 10000);
  const ticks = rest % 10000;
  const ms = ms1601 - EPOCH_DELTA_MS;
  if (ms > MAX_MS) return null;
  const iso = new Date(ms).toISOString();
  return { ms, iso: `${iso.slice(0, -1)}${String(ticks).padStart(4, '0')}Z` };
}

/** Decode the SYSTEMTIME (eight 16-bit fields) at `o`; null when the fields make no date. */
export function systemtimeAt(b: Uint8Array, o: number): WindowsTime | null {
  const year = u16At(b, o);
  const month = u16At(b, o + 2);
  const day = u16At(b, o + 6);
  const hour = u16At(b, o + 8);
  const minute = u16At(b, o + 10);
  const second = u16At(b, o + 12);
  const milli = u16At(b, o + 14);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 60 ||
    milli > 999
  ) {
    return null;
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  if (year < 100) d.setUTCFullYear(year);
  return { ms: d.getTime(), iso: d.toISOString() };
}
