/**
 * @module detect/indicators/python-regex
 * LOKI's IOC regexes are Python `re` syntax. The common subset is ECMAScript too; this turns the
 * Python-only parts signature-base uses into their ECMAScript form: a leading `(?i)` becomes the
 * `i` flag, `(?P<name>` becomes `(?<name>`, `(?P=name)` becomes `\k<name>`, `\Z` becomes `$`.
 * @returns the RegExp, or the error message for a pattern that still does not compile.
 */
export function pythonRegex(source: string): RegExp | string {
  let flags = '';
  let body = source;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (inline) {
    if (inline[1]!.includes('i')) flags += 'i';
    if (inline[1]!.includes('s')) flags += 's';
    if (inline[1]!.includes('m')) flags += 'm';
    body = body.slice(inline[0].length);
  }
  body = body
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\Z/g, '$');
  try {
    return new RegExp(body, flags);
  } catch (err) {
    return (err as Error).message;
  }
}
