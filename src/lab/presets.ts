/**
 * @module lab/presets
 * Ready-made lab hosts: `exchangeProfile()` with sane defaults, and the rehearsal fleet — one host
 * per case the probe must get right (exact and CU-precision builds, each mitigation and its
 * bypassable variant, federated OWA, decoys, a tarpit, every hostile behaviour). Builds are real
 * catalogue rows (data/knowledge/builds.csv; reference/exchange-builds.csv).
 */
import type { ExchangeProfile, HostileBehaviour, LabHost, LabProfile } from './types.js';

export function exchangeProfile(
  over: Partial<ExchangeProfile> & Pick<ExchangeProfile, 'product' | 'build'>,
): ExchangeProfile {
  return {
    kind: 'exchange',
    serverName: 'EXCH01',
    owaVersionHeader: true,
    exportToolManifest: true,
    proxyLogon: false,
    federatedAuth: false,
    proxyShell: false,
    mitigations: [],
    services: ['ecp', 'ews', 'autodiscover', 'mapi', 'activesync'],
    organization: 'Lab Org',
    ...over,
  };
}

export interface RehearsalCase {
  name: string;
  profile: LabProfile;
  /** What the probe must say: exchange, build, precision and (partial) CVE statuses. */
  expect: {
    exchange: boolean;
    build?: string | null;
    buildPrecision?: 'exact' | 'cu' | 'unknown';
    vulnerabilities?: Record<string, string>;
    error?: string;
  };
}

const HOSTILE: HostileBehaviour[] = [
  'huge-body',
  'redirect-loop',
  'bad-tls',
  'http10',
  'garbage-headers',
  'huge-headers',
  'slow-drip',
];

/** One host per behaviour the probe must get right; tests and `exhunt lab --rehearsal` use it. */
export const REHEARSAL: RehearsalCase[] = [
  {
    name: 'e2016-cu19-rtm-header',
    profile: exchangeProfile({
      product: '2016',
      build: '15.1.2176.2',
      serverName: 'EX2016A',
      proxyLogon: true,
      proxyShell: true,
      organization: 'Contoso Ltd',
    }),
    expect: {
      exchange: true,
      build: '15.1.2176.2',
      buildPrecision: 'exact',
      vulnerabilities: { 'CVE-2021-26855': 'vulnerable', 'CVE-2021-34473': 'vulnerable' },
    },
  },
  {
    name: 'e2016-cu19-mar21su-manifest-only',
    profile: exchangeProfile({
      product: '2016',
      build: '15.1.2176.9',
      serverName: 'EX2016B',
      owaVersionHeader: false,
      proxyShell: true,
    }),
    expect: {
      exchange: true,
      build: '15.1.2176.9',
      buildPrecision: 'exact',
      vulnerabilities: { 'CVE-2021-26855': 'patched', 'CVE-2021-34473': 'vulnerable' },
    },
  },
  {
    name: 'e2019-cu8-path-only-vulnerable',
    profile: exchangeProfile({
      product: '2019',
      build: '15.2.792.3',
      serverName: 'EX2019A',
      owaVersionHeader: false,
      exportToolManifest: false,
      proxyLogon: true,
      proxyShell: true,
    }),
    expect: {
      exchange: true,
      build: '15.2.792',
      buildPrecision: 'cu',
      vulnerabilities: { 'CVE-2021-26855': 'vulnerable', 'CVE-2021-34473': 'vulnerable' },
    },
  },
  {
    name: 'e2019-cu8-may21su-path-only',
    profile: exchangeProfile({
      product: '2019',
      build: '15.2.792.15',
      serverName: 'EX2019B',
      owaVersionHeader: false,
      exportToolManifest: false,
    }),
    // CU8 got the ProxyNotShell-era fixes only as SUs it never received: unknown at CU precision
    // for CVEs no check covers.
    expect: {
      exchange: true,
      build: '15.2.792',
      buildPrecision: 'cu',
      vulnerabilities: { 'CVE-2021-26855': 'patched', 'CVE-2021-34473': 'patched' },
    },
  },
  {
    name: 'e2013-cu23-eomt',
    profile: exchangeProfile({
      product: '2013',
      build: '15.0.1497.2',
      serverName: 'EX2013A',
      proxyLogon: true,
      proxyShell: true,
      mitigations: ['eomt'],
    }),
    expect: {
      exchange: true,
      build: '15.0.1497.2',
      buildPrecision: 'exact',
      vulnerabilities: { 'CVE-2021-26855': 'mitigated', 'CVE-2021-34473': 'vulnerable' },
    },
  },
  {
    name: 'e2019-cu12-eomtv2',
    profile: exchangeProfile({
      product: '2019',
      build: '15.2.1118.15',
      serverName: 'EX2019C',
      mitigations: ['eomtv2'],
    }),
    expect: {
      exchange: true,
      build: '15.2.1118.15',
      buildPrecision: 'exact',
      vulnerabilities: {
        'CVE-2022-41040': 'mitigated',
        'CVE-2022-41082': 'mitigated',
        'CVE-2021-26855': 'patched',
      },
    },
  },
  {
    name: 'e2019-cu12-eomtv2-bypassable',
    profile: exchangeProfile({
      product: '2019',
      build: '15.2.1118.15',
      serverName: 'EX2019D',
      mitigations: ['eomtv2-2022-10-03'],
    }),
    expect: {
      exchange: true,
      build: '15.2.1118.15',
      buildPrecision: 'exact',
      vulnerabilities: { 'CVE-2022-41040': 'vulnerable', 'CVE-2022-41082': 'vulnerable' },
    },
  },
  {
    name: 'e2016-cu19-federated',
    profile: exchangeProfile({
      product: '2016',
      build: '15.1.2176.2',
      serverName: 'EX2016F',
      federatedAuth: true,
      proxyLogon: true,
      proxyShell: true,
    }),
    expect: {
      exchange: true,
      build: '15.1.2176.2',
      buildPrecision: 'exact',
      vulnerabilities: { 'CVE-2021-26855': 'vulnerable' },
    },
  },
  {
    name: 'se-rtm-patched',
    profile: exchangeProfile({
      product: 'SE',
      build: '15.2.2562.29',
      serverName: 'EXSE01',
      organization: 'Fabrikam Inc',
    }),
    expect: {
      exchange: true,
      build: '15.2.2562.29',
      buildPrecision: 'exact',
      vulnerabilities: { 'CVE-2021-26855': 'patched', 'CVE-2021-34473': 'patched' },
    },
  },
  { name: 'decoy-iis', profile: { kind: 'decoy', style: 'iis' }, expect: { exchange: false } },
  { name: 'decoy-catch-all', profile: { kind: 'decoy', style: 'catch-all' }, expect: { exchange: false } },
  { name: 'tarpit', profile: { kind: 'tarpit' }, expect: { exchange: false, error: 'timeout' } },
  ...HOSTILE.map((b): RehearsalCase => ({
    name: `hostile-${b}`,
    profile: { kind: 'hostile', behaviour: b },
    expect: {
      exchange: false,
      ...(b === 'http10'
        ? {}
        : {
            error: {
              'huge-body': 'too-large',
              'redirect-loop': 'protocol',
              'bad-tls': 'tls',
              'garbage-headers': 'protocol',
              'huge-headers': 'protocol',
              'slow-drip': 'timeout',
            }[b],
          }),
    },
  })),
];

/** Places profiles on consecutive loopback addresses from `base` (e.g. "127.0.0.10"), one port. */
export function placeHosts(profiles: LabProfile[], base: string, port: number): LabHost[] {
  const parts = base.split('.').map(Number);
  let n = (((parts[0] ?? 127) * 256 + (parts[1] ?? 0)) * 256 + (parts[2] ?? 0)) * 256 + (parts[3] ?? 1);
  return profiles.map((profile) => {
    const address = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    n++;
    return { address, port, profile };
  });
}

/**
 * A fleet of `n` hosts for benchmarks: the Exchange and decoy cases of the rehearsal fleet in
 * turn (no tarpits or hostile servers, whose timeouts would measure the timeout, not the probe).
 */
export function benchFleet(n: number): LabProfile[] {
  const pool = REHEARSAL.filter((c) => c.profile.kind === 'exchange' || c.profile.kind === 'decoy').map(
    (c) => c.profile,
  );
  return Array.from({ length: n }, (_, i) => {
    const p = pool[i % pool.length] as LabProfile;
    return p.kind === 'exchange' ? { ...p, serverName: `${p.serverName}-${i}` } : p;
  });
}
