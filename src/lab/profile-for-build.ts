/**
 * @module lab/profile-for-build
 * Any catalogued build → an emulated front-end that behaves as that build does: product from the
 * build number, and the ProxyLogon / ProxyShell answers from knowledge's assessment of the exact
 * build (a front-end is open to the SSRF exactly when its build lacks the fix). `catalogueFleet`
 * makes one host per release of 2013, 2016, 2019 and SE — the whole catalogue as a lab.
 */
import { allReleases, assessBuild, type Release } from '../knowledge/index.js';
import { exchangeProfile } from './presets.js';
import type { ExchangeProfile } from './types.js';

// The two pre-authentication SSRF bugs the lab emulates on the wire (safe-checks.json probes them).
const PROXYLOGON_SSRF = 'CVE-2021-26855';
const PROXYSHELL_SSRF = 'CVE-2021-34473';

/** Products whose front-end the lab emulates (2010 has no front-end proxy of this kind). */
const EMULATED = new Set(['2013', '2016', '2019', 'SE']);

export function profileForBuild(build: string, over: Partial<ExchangeProfile> = {}): ExchangeProfile | null {
  let a;
  try {
    a = assessBuild(build, 'exact');
  } catch {
    return null;
  }
  if (!EMULATED.has(a.product) || !/^\d+\.\d+\.\d+\.\d+$/.test(build)) return null;
  return exchangeProfile({
    product: a.product,
    build,
    proxyLogon: a.vulnerabilities[PROXYLOGON_SSRF] === 'vulnerable',
    proxyShell: a.vulnerabilities[PROXYSHELL_SSRF] === 'vulnerable',
    ...over,
  });
}

/** One host per catalogued 2013/2016/2019/SE release, each named after its release. */
export function catalogueFleet(): { release: Release; profile: ExchangeProfile }[] {
  const out: { release: Release; profile: ExchangeProfile }[] = [];
  for (const [i, release] of allReleases().entries()) {
    const profile = profileForBuild(release.build, { serverName: `CAT${String(i).padStart(4, '0')}` });
    if (profile) out.push({ release, profile });
  }
  return out;
}
