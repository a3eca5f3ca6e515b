/**
 * @module lab/types
 * What a lab host is: an Exchange front-end (product, build, what it exposes, how it answers the
 * safe checks, which URL Rewrite mitigations sit in front of it), a decoy, a tarpit or a hostile
 * server. Plain data, so a fleet can be described in JSON (`exhunt lab --fleet fleet.json`).
 */
import type { Product } from '../knowledge/index.js';

/** URL Rewrite rules in front of the Default Web Site (microsoft-anchors.md §3.1, §3.3). */
export type LabMitigation =
  /** EOMT.ps1 (March 2021): abort on the X-AnonResource-Backend / X-BEResource cookies. */
  | 'eomt'
  /** EOMTv2 / EEMS final rule (2022-10-07): `(?=.*autodiscover)(?=.*powershell)` on the URL-decoded URI. */
  | 'eomtv2'
  /** EOMTv2 as of 2022-10-03: `.*autodiscover\.json.*Powershell.*` on the raw URI (URL-encoding bypasses it). */
  | 'eomtv2-2022-10-03';

export type LabService = 'ecp' | 'ews' | 'autodiscover' | 'mapi' | 'activesync';

export interface ExchangeProfile {
  kind: 'exchange';
  product: Product;
  /** 4-part build the server runs, e.g. "15.1.2176.2". */
  build: string;
  serverName: string;
  /** Send `X-OWA-Version` on OWA responses. */
  owaVersionHeader: boolean;
  /** Serve the ECP export-tool manifest anonymously. */
  exportToolManifest: boolean;
  /** The front-end computes a localhost back-end from the resource cookie (CVE-2021-26855). */
  proxyLogon: boolean;
  /** Federated (ADFS) OWA: answers the ProxyLogon request with a redirect (CSS-Exchange #171). */
  federatedAuth: boolean;
  /** The autodiscover.json '@' path reaches OWA (CVE-2021-34473). */
  proxyShell: boolean;
  mitigations: LabMitigation[];
  services: LabService[];
  organization: string;
  /** URL paths of planted web shells: answered 200 (what `probe --webshell-paths` looks for). */
  webshells?: string[];
}

export interface DecoyProfile {
  kind: 'decoy';
  /** `iis`: a plain IIS start page. `catch-all`: an "Outlook" page with Exchange-looking headers for every path. */
  style: 'iis' | 'catch-all';
}

export interface TarpitProfile {
  kind: 'tarpit';
}

export type HostileBehaviour =
  'huge-body' | 'redirect-loop' | 'bad-tls' | 'http10' | 'garbage-headers' | 'huge-headers' | 'slow-drip';

export interface HostileProfile {
  kind: 'hostile';
  behaviour: HostileBehaviour;
}

export type LabProfile = ExchangeProfile | DecoyProfile | TarpitProfile | HostileProfile;

export interface LabHost {
  /** Loopback only: 127.0.0.0/8. */
  address: string;
  port: number;
  profile: LabProfile;
}

/** One request as the lab saw it: the proof of what the probe sent. */
export interface LabLogEntry {
  time: string;
  host: string;
  method: string;
  url: string;
  cookie: string | null;
  /** What the lab did: an HTTP status, or `abort` (URL Rewrite AbortRequest). */
  action: number | 'abort';
}
