/**
 * @module probe/census/ip-database
 * Offline IP → country and IP → network (ASN) lookup from range tables, as sorted typed arrays
 * with binary search (400,000 IPv4 ranges ≈ 5 MB; no per-range objects). Sources: the npm data
 * packages `@ip-location-db/geo-whois-asn-country` (CC0-1.0) and `@ip-location-db/asn`
 * (CC BY 4.0: RouteViews, DB-IP.com, NRO — attribution is printed with every census), or a
 * user-supplied CSV. IPv6 tables are read only when an IPv6 address is looked up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIp } from '../targets/ip-address.js';

export interface IpInfo {
  country: string | null;
  asn: number | null;
  asName: string | null;
}

/** Attribution the census must show when the npm data packages were used (CC BY 4.0). */
export const IP_DATA_ATTRIBUTION =
  'IP-to-ASN data: RouteViews, DB-IP.com (IP to ASN Lite) and NRO, CC BY 4.0, via @ip-location-db/asn; IP-to-country: @ip-location-db/geo-whois-asn-country, CC0-1.0.';

/** One family's table: inclusive ranges sorted by start, with a value index per range. */
class RangeTable<V> {
  private starts: bigint[] | Float64Array = new Float64Array(0);
  private ends: bigint[] | Float64Array = new Float64Array(0);
  private values: unknown[] = [];
  /** Value cells of the fast path stay raw text until a lookup hits them. */
  private decode: (raw: unknown) => V | null = (raw) => raw as V;

  static fromRows<V>(rows: Iterable<[bigint, bigint, V]>, v4: boolean): RangeTable<V> {
    const list = [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const t = new RangeTable<V>();
    if (v4) {
      t.starts = Float64Array.from(list, (r) => Number(r[0]));
      t.ends = Float64Array.from(list, (r) => Number(r[1]));
    } else {
      t.starts = list.map((r) => r[0]);
      t.ends = list.map((r) => r[1]);
    }
    t.values = list.map((r) => r[2]);
    return t;
  }

  /**
   * Fast path for the "-num" IPv4 tables (`start,end,value…`, already sorted by start): one pass
   * over the text, numbers parsed without BigInt, value cells only decoded for each row.
   */
  static fromNumText<V>(text: string, value: (rest: string) => V | null): RangeTable<V> {
    const starts: number[] = [];
    const ends: number[] = [];
    const values: string[] = [];
    let pos = 0;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const c1 = text.indexOf(',', pos);
      const c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
      if (c2 > 0 && c2 < nl) {
        const a = Number(text.slice(pos, c1));
        const b = Number(text.slice(c1 + 1, c2));
        if (
          Number.isFinite(a) &&
          Number.isFinite(b) &&
          (starts.length === 0 || a >= (starts[starts.length - 1] as number))
        ) {
          starts.push(a);
          ends.push(b);
          values.push(text.slice(c2 + 1, nl));
        }
      }
      pos = nl + 1;
    }
    const t = new RangeTable<V>();
    t.starts = Float64Array.from(starts);
    t.ends = Float64Array.from(ends);
    t.values = values;
    t.decode = (raw) => value(String(raw).replace(/\r$/, ''));
    return t;
  }

  get size(): number {
    return this.values.length;
  }

  find(v: bigint): V | null {
    const key = this.starts instanceof Float64Array ? Number(v) : v;
    let lo = 0;
    let hi = this.values.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.starts[mid] as number | bigint;
      if (key < s) hi = mid - 1;
      else if (key > (this.ends[mid] as number | bigint)) lo = mid + 1;
      else return this.decode(this.values[mid]);
    }
    return null;
  }
}

/** Splits one CSV line (quotes and doubled quotes honoured). */
function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** An address cell: a decimal number (the "-num" tables) or a dotted/colon address. */
function addr(cell: string): { v: bigint; v4: boolean } | null {
  if (/^\d+$/.test(cell)) {
    const v = BigInt(cell);
    return { v, v4: v <= 0xffffffffn };
  }
  const ip = parseIp(cell.trim());
  return ip ? { v: ip.value, v4: ip.family === 4 } : null;
}

type Loader<V> = () => Iterable<[bigint, bigint, V]> | RangeTable<V>;

export class IpDatabase {
  private readonly tables = new Map<string, RangeTable<unknown>>();
  badRows = 0;

  constructor(
    private readonly sources: {
      country4?: Loader<string>;
      country6?: Loader<string>;
      asn4?: Loader<[number, string]>;
      asn6?: Loader<[number, string]>;
    },
    readonly attribution: string | null,
  ) {}

  private table<V>(name: keyof IpDatabase['sources'], v4: boolean): RangeTable<V> | null {
    let t = this.tables.get(name) as RangeTable<V> | undefined;
    if (!t) {
      const load = this.sources[name] as Loader<V> | undefined;
      if (!load) return null;
      const loaded = load();
      t = loaded instanceof RangeTable ? loaded : RangeTable.fromRows(loaded, v4);
      this.tables.set(name, t as RangeTable<unknown>);
    }
    return t;
  }

  lookup(ip: string): IpInfo {
    const p = parseIp(ip.replace(/^::ffff:(?=\d+\.)/i, ''));
    if (!p) return { country: null, asn: null, asName: null };
    const v4 = p.family === 4;
    const country = this.table<string>(v4 ? 'country4' : 'country6', v4)?.find(p.value) ?? null;
    const asn = this.table<[number, string]>(v4 ? 'asn4' : 'asn6', v4)?.find(p.value) ?? null;
    return { country, asn: asn ? asn[0] : null, asName: asn ? asn[1] : null };
  }

  /**
   * A user CSV with header `start,end,country,asn,as_name` (any of the last three may be empty);
   * addresses dotted, colon or decimal. Bad rows are counted in `badRows`.
   */
  static fromCsv(text: string): IpDatabase {
    const country: [bigint, bigint, string][][] = [[], []];
    const asn: [bigint, bigint, [number, string]][][] = [[], []];
    let bad = 0;
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (line.trim() === '' || (i === 0 && /^\s*start/i.test(line))) continue;
      const [s = '', e = '', cc = '', as = '', name = ''] = csvCells(line);
      const a = addr(s);
      const b = addr(e);
      if (!a || !b || a.v4 !== b.v4 || b.v < a.v) {
        bad++;
        continue;
      }
      const fam = a.v4 ? 0 : 1;
      if (/^[A-Z]{2}$/i.test(cc.trim())) country[fam]?.push([a.v, b.v, cc.trim().toUpperCase()]);
      const n = Number(as.replace(/^AS/i, ''));
      if (as.trim() !== '' && Number.isInteger(n)) asn[fam]?.push([a.v, b.v, [n, name.trim()]]);
    }
    const db = new IpDatabase(
      {
        country4: () => country[0] ?? [],
        country6: () => country[1] ?? [],
        asn4: () => asn[0] ?? [],
        asn6: () => asn[1] ?? [],
      },
      null,
    );
    db.badRows = bad;
    return db;
  }

  /** The npm data packages, when installed (optional dependencies); null when they are not. */
  static fromNpmPackages(): IpDatabase | null {
    const req = createRequire(import.meta.url);
    const dirOf = (pkg: string): string | null => {
      try {
        return dirname(req.resolve(`${pkg}/package.json`));
      } catch {
        return null;
      }
    };
    const asnDir = dirOf('@ip-location-db/asn');
    const ccDir = dirOf('@ip-location-db/geo-whois-asn-country');
    if (!asnDir && !ccDir) return null;
    const rows = function* <V>(
      path: string,
      value: (cells: string[]) => V | null,
    ): Generator<[bigint, bigint, V]> {
      if (!existsSync(path)) return;
      for (const line of readFileSync(path, 'latin1').split('\n')) {
        if (line === '') continue;
        const c = csvCells(line);
        const v = value(c);
        if (v !== null && /^\d+$/.test(c[0] ?? '') && /^\d+$/.test(c[1] ?? ''))
          yield [BigInt(c[0] as string), BigInt(c[1] as string), v];
      }
    };
    const cc = (c: string[]): string | null => c[2] ?? null;
    const as = (c: string[]): [number, string] | null =>
      c[2] ? [Number(c[2]), Buffer.from(c[3] ?? '', 'latin1').toString('utf8')] : null;
    const fast = <V>(path: string, value: (rest: string) => V | null): RangeTable<V> =>
      RangeTable.fromNumText(existsSync(path) ? readFileSync(path, 'latin1') : '', value);
    const ccRest = (rest: string): string | null => (/^[A-Z]{2}$/.test(rest) ? rest : null);
    const asRest = (rest: string): [number, string] | null => {
      const c = csvCells(rest);
      return c[0] ? [Number(c[0]), Buffer.from(c[1] ?? '', 'latin1').toString('utf8')] : null;
    };
    return new IpDatabase(
      {
        ...(ccDir
          ? {
              country4: () => fast(join(ccDir, 'geo-whois-asn-country-ipv4-num.csv'), ccRest),
              country6: () => rows(join(ccDir, 'geo-whois-asn-country-ipv6-num.csv'), cc),
            }
          : {}),
        ...(asnDir
          ? {
              asn4: () => fast(join(asnDir, 'asn-ipv4-num.csv'), asRest),
              asn6: () => rows(join(asnDir, 'asn-ipv6-num.csv'), as),
            }
          : {}),
      },
      IP_DATA_ATTRIBUTION,
    );
  }
}
