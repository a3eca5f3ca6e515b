/**
 * @module detect/regex-literals
 * The literal runs every match of a rule's regular expression must contain, in order, for the
 * prefilter (`^/ecp/[a-z0-9_]{1,3}\.js$` → "/ecp/", ".js"). Deliberately conservative: a group
 * (including a lookaround), a class, `.`, an escape class or an optional atom ends a run and
 * contributes nothing; an alternation outside a group means no run is required at all (null).
 * Getting this wrong would hide lines from the rules, so anything not understood ends a run.
 */

/** Runs in order (lower-case), or null when the pattern has a top-level alternation or is malformed. */
export function regexLiterals(source: string): string[] | null {
  const runs: string[] = [];
  let cur = '';
  const flush = (): void => {
    if (cur) runs.push(cur.toLowerCase());
    cur = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    let atom: string | null = null;
    let next = i + 1;
    if (c === '|' || c === ')') return null;
    if (c === '^' || c === '$') {
      flush();
      i++;
      continue;
    }
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return null;
      // Letters and digits after a backslash are classes, anchors, control characters, code points
      // or back-references; only an escaped punctuation character is itself.
      if (/[A-Za-z0-9]/.test(e)) next = escapeEnd(source, i);
      else atom = e;
      if (atom !== null) next = i + 2;
    } else if (c === '[') {
      next = classEnd(source, i);
      if (next < 0) return null;
    } else if (c === '(') {
      next = groupEnd(source, i);
      if (next < 0) return null;
    } else if (c === '.') {
      atom = null;
    } else if (c === '*' || c === '+' || c === '?') {
      return null; // a quantifier with nothing to repeat: not a valid pattern
    } else {
      atom = c;
    }
    const q = quantifier(source, next);
    if (atom === null) flush();
    else if (q === null) cur += atom;
    else if (q.min === 0) flush();
    else {
      // At least once, then perhaps more: the run ends after its first copy.
      cur += atom;
      flush();
    }
    i = q === null ? next : q.end;
  }
  flush();
  return runs;
}

/** The quantifier at `at` (with a lazy `?`), or null. */
function quantifier(s: string, at: number): { min: number; end: number } | null {
  const c = s[at];
  let min: number;
  let end: number;
  if (c === '*' || c === '?') {
    min = 0;
    end = at + 1;
  } else if (c === '+') {
    min = 1;
    end = at + 1;
  } else if (c === '{') {
    const m = /^\{(\d+)(,\d*)?\}/.exec(s.slice(at));
    if (!m) return null; // a literal brace (Annex B)
    min = Number(m[1]);
    end = at + m[0].length;
  } else return null;
  if (s[end] === '?') end++;
  return { min, end };
}

/** End of an escape starting at `at` (`\u{…}`, `\uXXXX`, `\xXX`, `\cX`, `\p{…}`, `\k<…>`, else two chars). */
function escapeEnd(s: string, at: number): number {
  const e = s[at + 1];
  const braced = (open: string, close: string): number => {
    if (s[at + 2] !== open) return at + 2;
    const j = s.indexOf(close, at + 3);
    return j < 0 ? s.length : j + 1;
  };
  if (e === 'u') return s[at + 2] === '{' ? braced('{', '}') : at + 6;
  if (e === 'x') return at + 4;
  if (e === 'c') return at + 3;
  if (e === 'p' || e === 'P') return braced('{', '}');
  if (e === 'k') return braced('<', '>');
  return at + 2;
}

/** Index after the `]` closing the class opened at `at`, or -1. */
function classEnd(s: string, at: number): number {
  let j = at + 1;
  if (s[j] === '^') j++;
  for (; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === ']') return j + 1;
  }
  return -1;
}

/** Index after the `)` closing the group opened at `at`, or -1. */
function groupEnd(s: string, at: number): number {
  let depth = 0;
  for (let j = at; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '[') {
      const e = classEnd(s, j);
      if (e < 0) return -1;
      j = e - 1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return -1;
}
