/**
 * @module parsers/log-time
 * Timestamps read straight from bytes to epoch ms (UTC): Exchange's ISO 8601 `DateTime` /
 * `TimeStamp` (`2021-03-03T07:13:56.437Z`) and IIS's separate `date` and `time` columns (UTC by
 * definition of the W3C format IIS writes).
 */

function digits(buf: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) {
    const d = buf[at + i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `YYYY-MM-DD` at `at`, as a UTC day in epoch ms, or NaN. */
function dayAt(buf: Uint8Array, at: number, end: number): number {
  if (end - at < 10 || buf[at + 4] !== 0x2d || buf[at + 7] !== 0x2d) return NaN;
  const y = digits(buf, at, 4);
  const mo = digits(buf, at + 5, 2);
  const d = digits(buf, at + 8, 2);
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  return Date.UTC(y, mo - 1, d);
}

/** `HH:MM:SS[.fff…]` at `at`: ms since midnight, or NaN. Returns the end offset via `out[0]`. */
function clockAt(buf: Uint8Array, at: number, end: number, out?: Int32Array): number {
  if (end - at < 8 || buf[at + 2] !== 0x3a || buf[at + 5] !== 0x3a) return NaN;
  const h = digits(buf, at, 2);
  const mi = digits(buf, at + 3, 2);
  const s = digits(buf, at + 6, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return NaN;
  let ms = 0;
  let i = at + 8;
  if (i < end && buf[i] === 0x2e) {
    let scale = 100;
    for (i++; i < end; i++) {
      const dd = buf[i]! - 0x30;
      if (dd < 0 || dd > 9) break;
      ms += dd * scale;
      scale /= 10;
    }
  }
  if (out) out[0] = i;
  return ((h * 60 + mi) * 60 + s) * 1000 + Math.floor(ms);
}

const scratch = new Int32Array(1);

/** Parse an ISO 8601 timestamp in `buf[start, end)` (optionally quoted); null when it is not one. */
export function parseIsoTime(buf: Uint8Array, start: number, end: number): number | null {
  if (end > start && buf[start] === 0x22) {
    start++;
    if (end > start && buf[end - 1] === 0x22) end--;
  }
  const day = dayAt(buf, start, end);
  if (Number.isNaN(day)) return null;
  if (end - start === 10) return day;
  const sep = buf[start + 10];
  if (sep !== 0x54 && sep !== 0x20 && sep !== 0x74) return null;
  const clock = clockAt(buf, start + 11, end, scratch);
  if (Number.isNaN(clock)) return null;
  let t = day + clock;
  const zi = scratch[0]!;
  if (zi < end) {
    const z = buf[zi];
    if (z === 0x2b || z === 0x2d) {
      // `+HH:MM` / `-HH:MM`: convert to UTC.
      const oh = digits(buf, zi + 1, 2);
      const om = end - zi >= 6 ? digits(buf, zi + 4, 2) : 0;
      if (oh < 0 || om < 0) return null;
      t -= (z === 0x2b ? 1 : -1) * (oh * 60 + om) * 60_000;
    } else if (z !== 0x5a && z !== 0x7a) return null;
  }
  return t;
}

/** IIS `date` and `time` columns to epoch ms; null when either does not parse. */
export function parseDateAndTime(
  buf: Uint8Array,
  ds: number,
  de: number,
  ts: number,
  te: number,
): number | null {
  if (de - ds !== 10) return null;
  const day = dayAt(buf, ds, de);
  const clock = clockAt(buf, ts, te);
  return Number.isNaN(day) || Number.isNaN(clock) ? null : day + clock;
}
