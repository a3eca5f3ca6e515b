/**
 * @module probe/census/census
 * Probe results → the table a CERT publishes: how many targets, how many Exchange servers, by
 * product / CU / update, how many open to each campaign (vulnerable, mitigated, patched,
 * unknown), and by country, network (ASN) and certificate organisation. Counts only: memory
 * grows with the number of distinct groups, not of targets.
 */
import type { IpDatabase } from './ip-database.js';
import type { ProbeResult } from '../types.js';

export interface GroupCount {
  exchange: number;
  /** Exchange servers vulnerable to at least one campaign. */
  vulnerable: number;
}

export interface CampaignCount {
  vulnerable: number;
  mitigated: number;
  patched: number;
  unknown: number;
  notAffected: number;
}

export interface CensusSummary {
  targets: number;
  answered: number;
  errors: Record<string, number>;
  exchange: number;
  vulnerableAny: number;
  precision: Record<string, number>;
  byProduct: Record<string, number>;
  byRelease: Record<string, number>;
  campaigns: Record<string, CampaignCount>;
  byCountry: Record<string, GroupCount>;
  byNetwork: Record<string, GroupCount>;
  byCertOrganization: Record<string, GroupCount>;
  /** Attribution of the IP data used (licence), or null. */
  ipData: string | null;
  badInput: number;
}

const bump = (m: Record<string, number>, k: string, n = 1): void => {
  m[k] = (m[k] ?? 0) + n;
};

function group(m: Record<string, GroupCount>, k: string, vulnerable: boolean): void {
  const g = (m[k] ??= { exchange: 0, vulnerable: 0 });
  g.exchange++;
  if (vulnerable) g.vulnerable++;
}

export class Census {
  readonly s: CensusSummary;

  constructor(private readonly ipdb: IpDatabase | null) {
    this.s = {
      targets: 0,
      answered: 0,
      errors: {},
      exchange: 0,
      vulnerableAny: 0,
      precision: {},
      byProduct: {},
      byRelease: {},
      campaigns: {},
      byCountry: {},
      byNetwork: {},
      byCertOrganization: {},
      ipData: ipdb?.attribution ?? null,
      badInput: 0,
    };
  }

  add(r: ProbeResult): void {
    const s = this.s;
    s.targets++;
    if (r.error) bump(s.errors, r.error.code);
    else s.answered++;
    if (!r.exchange) return;
    s.exchange++;
    const vulnerable = Object.values(r.campaigns).includes('vulnerable');
    if (vulnerable) s.vulnerableAny++;
    bump(s.precision, r.build ? r.buildPrecision : 'no build');
    bump(s.byProduct, r.product ? `Exchange ${r.product}` : 'unknown');
    bump(
      s.byRelease,
      [
        r.product ? `Exchange ${r.product}` : 'unknown',
        r.cu,
        r.update ?? (r.buildPrecision === 'cu' ? '(SU unknown)' : ''),
      ]
        .filter(Boolean)
        .join(' '),
    );
    for (const [id, st] of Object.entries(r.campaigns)) {
      const c = (s.campaigns[id] ??= { vulnerable: 0, mitigated: 0, patched: 0, unknown: 0, notAffected: 0 });
      if (st === 'not-affected') c.notAffected++;
      else c[st]++;
    }
    const ip = r.address ?? r.target.replace(/^\[|\](:\d+)?$|:\d+$/g, '');
    const info = this.ipdb?.lookup(ip) ?? null;
    group(s.byCountry, info?.country ?? 'unknown', vulnerable);
    group(s.byNetwork, info?.asn ? `AS${info.asn} ${info.asName ?? ''}`.trim() : 'unknown', vulnerable);
    group(
      s.byCertOrganization,
      r.tls?.subject.O ?? (r.tls ? '(no organisation)' : '(no certificate)'),
      vulnerable,
    );
  }
}

/** Entries of a count map, largest first, then by name. */
export function ranked<T>(m: Record<string, T>, key: (v: T) => number): [string, T][] {
  return Object.entries(m).sort((a, b) => key(b[1]) - key(a[1]) || a[0].localeCompare(b[0]));
}
