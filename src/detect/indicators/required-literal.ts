/**
 * @module detect/indicators/required-literal
 * Finds a literal that every match of a regex must contain, so thousands of LOKI path regexes
 * can be pre-filtered with a cheap substring index instead of running each regex on each path.
 * Conservative: any construct it does not fully understand ends the current literal run, and a
 * top-level alternation means "no required literal" (the regex is then always run).
 */

/** The longest literal (>= 3 chars) that every match contains, or null. */
export function requiredLiteral(source: string): string | null {
  let best = '';
  let run = '';
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (depth > 0) {
      // Skip over groups: their content may be optional or alternated.
      if (ch === '\\') i++;
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (ch === '[') i = skipClass(source, i);
      continue;
    }
    if (ch === '|') return null;
    let lit: string | null = null;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      lit = /[A-Za-z0-9]/.test(next) ? null : next;
    } else if (ch === '(') {
      depth = 1;
    } else if (ch === '[') {
      i = skipClass(source, i);
    } else if (!'.^$*+?{}'.includes(ch)) {
      lit = ch;
    }
    if (lit === null) {
      // A quantifier after a group or class also ends the run (already flushed).
      flush();
      continue;
    }
    const q = source[i + 1];
    if (q === '?' || q === '*' || (q === '{' && source[i + 2] === '0')) {
      flush();
      continue;
    }
    run += lit;
    if (q === '+' || q === '{') flush();
  }
  flush();
  return best.length >= 3 ? best : null;
}

function skipClass(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']' && i > start + 1) return i;
  }
  return source.length;
}
