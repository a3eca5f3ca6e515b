/**
 * @module knowledge/build-parse
 * Reads every form in which admins and tools write an Exchange build, and says how precise it is:
 *
 * - `15.1.2176.2` and ExSetup's long form `15.01.2176.002`: exact (the revision names the SU).
 * - `15.1.2176` (the OWA `/owa/auth/15.1.2176/` path): CU precision.
 * - `Version 15.1 (Build 2176.2)` (Get-ExchangeServer AdminDisplayVersion): CU precision, because
 *   AdminDisplayVersion does not change when a security update is installed (HealthChecker #115).
 *
 * Errors are values: malformed text is data an admin typed, not a bug.
 */
import type { Build, BuildParse, BuildPrecision } from './types.js';

const DOTTED = /^v?(\d{1,2})\.(\d{1,2})\.(\d{1,5})(?:\.(\d{1,5}))?$/i;
const ADMIN_DISPLAY = /^(?:version\s+)?(\d{1,2})\.(\d{1,2})\s*\(\s*build\s+(\d{1,5})(?:\.(\d{1,5}))?\s*\)$/i;

/** Exchange majors exhunt knows: 14 = 2010, 15 = 2013 / 2016 / 2019 / SE. */
const KNOWN_MAJORS = new Set([14, 15]);

export function parseBuild(input: string): BuildParse {
  const text = String(input ?? '');
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '') return { ok: false, error: 'empty build', text };
  let m = DOTTED.exec(t);
  let precision: BuildPrecision;
  if (m) {
    precision = m[4] === undefined ? 'cu' : 'exact';
  } else {
    m = ADMIN_DISPLAY.exec(t);
    if (!m) return { ok: false, error: `not an Exchange build: "${printable(t)}"`, text };
    precision = 'cu';
  }
  const build: Build = {
    major: Number(m[1]),
    minor: Number(m[2]),
    build: Number(m[3]),
    revision: precision === 'exact' && m[4] !== undefined ? Number(m[4]) : null,
  };
  if (!KNOWN_MAJORS.has(build.major)) {
    const hint = build.major < 14 ? ' (Exchange 2007 and older are not covered)' : '';
    return { ok: false, error: `not an Exchange 2010-SE build: "${printable(t)}"${hint}`, text };
  }
  if (build.minor > 3)
    return { ok: false, error: `no Exchange release has version ${build.major}.${build.minor}`, text };
  return { ok: true, build, precision, text };
}

/** Short dotted form: "15.1.2176.2", or "15.1.2176" when the revision is unknown. */
export function formatBuild(b: Build): string {
  const base = `${b.major}.${b.minor}.${b.build}`;
  return b.revision === null ? base : `${base}.${b.revision}`;
}

/** ExSetup's long form "15.01.2176.002" (revision 0 when unknown). */
export function formatBuildLong(b: Build): string {
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  return `${p(b.major, 2)}.${p(b.minor, 2)}.${p(b.build, 4)}.${p(b.revision ?? 0, 3)}`;
}

/** Numeric order; an unknown revision sorts as 0 (the lowest build of that CU). */
export function compareBuilds(a: Build, b: Build): number {
  return a.major - b.major || a.minor - b.minor || a.build - b.build || (a.revision ?? 0) - (b.revision ?? 0);
}

/** Parses text that must be a build (catalogue data); throws, because bad shipped data is a bug. */
export function mustParseBuild(text: string): Build {
  const r = parseBuild(text);
  if (!r.ok) throw new Error(`knowledge data: ${r.error}`);
  return r.build;
}

function printable(s: string): string {
  const cut = s.length > 60 ? `${s.slice(0, 60)}…` : s;
  return cut.replace(/[^\x20-\x7e]/g, '?');
}
