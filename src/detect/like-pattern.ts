/**
 * @module detect/like-pattern
 * PowerShell `-like` wildcards as regular expressions, so rules can say exactly what
 * Test-ProxyLogon says (ServerInfo~ anchors with a path). `*` is any run, `?` one character, `[a-z]` a class;
 * the whole value must match; case-insensitive unless asked otherwise. A backtick escapes the next
 * character, as in PowerShell.
 */

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/;

/** Compile a `-like` pattern; returns an error value for an unterminated class. */
export function likeToRegExp(pattern: string, cased = false): RegExp | { error: string } {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '`' && i + 1 < pattern.length) {
      out += escapeChar(pattern[++i] as string);
    } else if (c === '*') {
      out += '[\\s\\S]*';
    } else if (c === '?') {
      out += '[\\s\\S]';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return { error: `unterminated [ in like pattern "${pattern}"` };
      const body = pattern
        .slice(i + 1, end)
        .replace(/\\/g, '\\\\')
        .replace(/\^/g, '\\^');
      out += `[${body}]`;
      i = end;
    } else {
      out += escapeChar(c);
    }
  }
  return new RegExp(out + '$', cased ? 's' : 'is');
}

function escapeChar(c: string): string {
  return REGEX_SPECIAL.test(c) ? `\\${c}` : c;
}

/**
 * The literal runs of a `-like` pattern (text between wildcards), lower-cased: any value the
 * pattern matches contains each of them. Used to derive prefilter literals.
 */
export function likeLiterals(pattern: string): string[] {
  const runs: string[] = [];
  let cur = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '`' && i + 1 < pattern.length) {
      cur += pattern[++i];
    } else if (c === '*' || c === '?' || c === '[') {
      if (cur) runs.push(cur);
      cur = '';
      if (c === '[') {
        const end = pattern.indexOf(']', i + 1);
        i = end < 0 ? pattern.length : end;
      }
    } else {
      cur += c;
    }
  }
  if (cur) runs.push(cur);
  return runs.map((r) => r.toLowerCase());
}
