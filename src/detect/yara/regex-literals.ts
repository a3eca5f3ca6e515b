/**
 * @module detect/yara/regex-literals
 * A set of case-folded literals of which every match of a YARA regular expression contains at
 * least one, or null. The regex is parsed into sequences, alternatives, groups, classes and
 * quantifiers; each part gets its finite language where that is small (`(ldap|rmi)`, `[Aa]`,
 * `[\^]?`), adjacent finite parts are multiplied out (`(ldap|rmi):\/\/` gives `ldap://` and
 * `rmi://`), and the best set — the one whose shortest literal is longest — is kept if that
 * literal has at least MIN_LITERAL bytes. Anything the parser does not know gives null.
 */
import { foldByte, MIN_LITERAL } from './string-literals.js';

/** A finite language larger than this is treated as infinite. */
const MAX_SET = 64;

interface Info {
  /** Every string the part matches (folded), or null if not small and finite. */
  exact: Set<string> | null;
  /** A set of which every match contains one, or null. */
  best: Set<string> | null;
}

const EMPTY: Info = { exact: new Set(['']), best: null };
const ANY: Info = { exact: null, best: null };

function folded(bytes: readonly number[]): string {
  return String.fromCharCode(...bytes.map(foldByte));
}

function minLength(s: Set<string>): number {
  let m = Infinity;
  for (const x of s) m = Math.min(m, x.length);
  return m;
}

/** The better of two required sets: longer shortest literal, then fewer literals. */
function better(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (!a || minLength(a) < MIN_LITERAL) return b && minLength(b) >= MIN_LITERAL ? b : null;
  if (!b || minLength(b) < MIN_LITERAL) return a;
  const la = minLength(a);
  const lb = minLength(b);
  if (la !== lb) return la > lb ? a : b;
  return a.size <= b.size ? a : b;
}

function product(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

class Fail extends Error {}

class RegexReader {
  private i = 0;
  constructor(private readonly re: string) {}

  parse(): Info {
    const info = this.alternation();
    if (this.i !== this.re.length) throw new Fail();
    return info;
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.re[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    let exact: Set<string> | null = new Set();
    let best: Set<string> | null = new Set();
    for (const b of branches) {
      if (exact && b.exact) for (const x of b.exact) exact.add(x);
      else exact = null;
      // Each branch contributes its required set, or its whole language if that is finite.
      const req = better(b.best, b.exact);
      if (best && req) for (const x of req) best.add(x);
      else best = null;
    }
    if (exact && exact.size > MAX_SET) exact = null;
    return { exact, best };
  }

  private sequence(): Info {
    let run: Set<string> | null = new Set(['']);
    let whole: Set<string> | null = new Set(['']);
    let best: Set<string> | null = null;
    while (this.i < this.re.length && this.re[this.i] !== '|' && this.re[this.i] !== ')') {
      const item = this.quantified();
      best = better(best, item.best);
      if (whole && item.exact) whole = product(whole, item.exact);
      else whole = null;
      if (item.exact) {
        const next: Set<string> | null = run ? product(run, item.exact) : null;
        if (next) run = next;
        else {
          best = better(best, run);
          run = item.exact;
        }
      } else {
        best = better(best, run);
        run = new Set(['']);
      }
    }
    best = better(best, run);
    return { exact: whole, best };
  }

  private quantified(): Info {
    const atom = this.atom();
    const q = this.re[this.i];
    let min = 1;
    let max = 1;
    if (q === '?' || q === '*' || q === '+') {
      this.i++;
      min = q === '+' ? 1 : 0;
      max = q === '?' ? 1 : Infinity;
    } else if (q === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.re.slice(this.i));
      if (!m || (m[1] === '' && m[3] === '')) throw new Fail();
      this.i += m[0].length;
      min = m[1] === '' ? 0 : Number(m[1]);
      max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else return atom;
    if (this.re[this.i] === '?') this.i++; // lazy
    let exact: Set<string> | null = null;
    if (atom.exact && max <= 3) {
      exact = new Set(min === 0 ? [''] : []);
      let power: Set<string> | null = new Set(['']);
      for (let k = 1; k <= max && power; k++) {
        power = product(power, atom.exact);
        if (power && k >= min) for (const x of power) exact.add(x);
      }
      if (!power || exact.size > MAX_SET) exact = null;
    }
    return { exact, best: min >= 1 ? better(atom.best, atom.exact) : null };
  }

  private atom(): Info {
    const re = this.re;
    const c = re[this.i]!;
    if (c === '(') {
      this.i++;
      if (re[this.i] === '?') throw new Fail();
      const inner = this.alternation();
      if (re[this.i] !== ')') throw new Fail();
      this.i++;
      return inner;
    }
    if (c === '[') return this.charClass();
    if (c === '.') {
      this.i++;
      return ANY;
    }
    if (c === '^' || c === '$') {
      this.i++;
      return EMPTY;
    }
    if (c === '\\') {
      const e = re[this.i + 1];
      if (e === undefined) throw new Fail();
      if (e === 'x') {
        const hex = re.slice(this.i + 2, this.i + 4);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Fail();
        this.i += 4;
        return { exact: new Set([folded([parseInt(hex, 16)])]), best: null };
      }
      this.i += 2;
      if (e === 'b' || e === 'B') return EMPTY;
      const byte = ESCAPED[e];
      if (byte !== undefined) return { exact: new Set([folded([byte])]), best: null };
      if (/[A-Za-z0-9]/.test(e)) return ANY; // \w, \d, \s and the like
      return { exact: new Set([folded([e.charCodeAt(0)])]), best: null };
    }
    if (c === '?' || c === '*' || c === '+' || c === '{' || c === ')' || c === '|') throw new Fail();
    const cp = re.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    // A byte-oriented engine quantifies the last byte of a multi-byte character: leave those be.
    if (cp > 0x7f) return ANY;
    return { exact: new Set([folded([cp])]), best: null };
  }

  /** `[…]`: its bytes if it has few once folded, else any. */
  private charClass(): Info {
    const re = this.re;
    let i = this.i + 1;
    let negated = false;
    if (re[i] === '^') {
      negated = true;
      i++;
    }
    const bytes = new Set<number>();
    let open = true;
    let first = true;
    let small = true;
    while (i < re.length) {
      let c = re[i]!;
      if (c === ']' && !first) {
        open = false;
        i++;
        break;
      }
      first = false;
      let byte: number;
      if (c === '\\') {
        const e = re[i + 1];
        if (e === undefined) throw new Fail();
        if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(re.slice(i + 2, i + 4))) {
          byte = parseInt(re.slice(i + 2, i + 4), 16);
          i += 4;
        } else if (ESCAPED[e] !== undefined) {
          byte = ESCAPED[e]!;
          i += 2;
        } else if (/[A-Za-z0-9]/.test(e)) {
          small = false; // \w, \d, \s inside a class
          i += 2;
          continue;
        } else {
          byte = e.charCodeAt(0);
          i += 2;
        }
      } else {
        byte = c.charCodeAt(0);
        i++;
        if (byte > 0x7f) small = false;
      }
      if (re[i] === '-' && re[i + 1] !== ']' && i + 1 < re.length) {
        small = false; // a range
        i++;
        c = re[i]!;
        i += c === '\\' ? (re[i + 1] === 'x' ? 4 : 2) : 1;
        continue;
      }
      bytes.add(foldByte(byte));
    }
    if (open) throw new Fail();
    this.i = i;
    if (negated || !small || bytes.size === 0 || bytes.size > 4) return ANY;
    return { exact: new Set([...bytes].map((b) => String.fromCharCode(b))), best: null };
  }
}

const ESCAPED: Record<string, number> = { n: 0x0a, t: 0x09, r: 0x0d, f: 0x0c, a: 0x07, v: 0x0b };

/** Literals (folded byte strings) one of which every match of regex `body` contains, or null. */
export function regexLiterals(body: string): number[][] | null {
  try {
    const info = new RegexReader(body).parse();
    const set = better(info.best, info.exact);
    if (!set) return null;
    return [...set].map((s) => [...s].map((ch) => ch.charCodeAt(0)));
  } catch (err) {
    if (err instanceof Fail) return null;
    throw err;
  }
}
