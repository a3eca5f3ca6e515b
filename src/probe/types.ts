/**
 * @module probe/types
 * The vocabulary of a remote probe: targets, raw responses, fingerprints, check verdicts and the
 * per-target result of the DESIGN.md output contract. Pure types; no I/O.
 */
import type { BuildPrecision, CveId, VulnStatus } from '../knowledge/index.js';

/** One endpoint to probe: the unit the scheduler works on. */
export interface Target {
  /** As the user would write it: `host:port` (IPv6 in brackets), or the URL given. */
  id: string;
  host: string;
  /** Explicit port, or null to try the default ports (443 then 80). */
  port: number | null;
  /** Explicit scheme (from a URL), or null to pick it from the port. */
  scheme: 'https' | 'http' | null;
  /** Path prefix from a URL target (e.g. `/` ), kept for reference only: probes use absolute Exchange paths. */
  basePath: string;
}

/** A bounded HTTP response as the probe saw it. Header names are lower-case. */
export interface ProbeResponse {
  status: number;
  headers: Record<string, string>;
  /** At most `maxBodyBytes` of the body, decoded as latin1 so no byte is lost or rejected. */
  body: string;
  truncated: boolean;
  httpVersion: string;
}

/** Why one request gave no response. `aborted` = the server reset/closed without answering. */
export type RequestErrorCode =
  'timeout' | 'refused' | 'aborted' | 'tls' | 'protocol' | 'unreachable' | 'too-large' | 'dns' | 'other';

export interface RequestError {
  code: RequestErrorCode;
  message: string;
}

export type RequestOutcome = { ok: true; response: ProbeResponse } | { ok: false; error: RequestError };

/** The one read-only request a step sends. Only GET exists: the type forbids anything else. */
export interface ProbeRequest {
  method: 'GET';
  path: string;
  headers?: Record<string, string>;
}

/** The server certificate from the first full TLS handshake. */
export interface TlsInfo {
  subject: Record<string, string>;
  issuer: Record<string, string>;
  subjectAltNames: string[];
  validFrom: string | null;
  validTo: string | null;
  serialNumber: string | null;
  fingerprint256: string | null;
  protocol: string | null;
  selfSigned: boolean;
}

/** Where a build came from, which decides its precision (DESIGN.md "Say how you know"). */
export type BuildSource = 'x-owa-version' | 'export-tool-manifest' | 'owa-path';

export interface BuildEvidence {
  build: string;
  precision: BuildPrecision;
  source: BuildSource;
}

/** Front-end virtual directories and whether they answered like Exchange. */
export type ServiceName = 'owa' | 'ecp' | 'ews' | 'autodiscover' | 'mapi' | 'activesync';
export type ServiceState = 'answers' | 'absent' | 'error';

/** Verdict of one safe check, for the CVEs it speaks to. `inconclusive` leaves the build to decide. */
export type CheckVerdict = 'vulnerable' | 'patched' | 'mitigated' | 'inconclusive';

export interface CheckResult {
  id: string;
  cves: CveId[];
  verdict: CheckVerdict;
  /** One line: what was seen (status, header, abort) — the reason for the verdict. */
  evidence: string;
}

/** One target's result: the DESIGN.md probe output contract plus the evidence behind it. */
export interface ProbeResult {
  target: string;
  url: string | null;
  /** The IP address that answered (host names resolved), for census by country/network. */
  address: string | null;
  exchange: boolean;
  build: string | null;
  buildPrecision: BuildPrecision;
  buildSource: BuildSource | null;
  product: string | null;
  cu: string | null;
  update: string | null;
  vulnerabilities: Record<CveId, VulnStatus>;
  /** Campaign id (proxylogon, proxyshell, …) → worst status over its CVEs. */
  campaigns: Record<string, VulnStatus>;
  checks: CheckResult[];
  /** Web-shell URL paths (opt-in `webshellPaths`) that answered 200. */
  webshells: string[];
  /** Where a check and the build inference disagree (the check wins; this says so). */
  disagreements: string[];
  notes: string[];
  serverName: string | null;
  services: Partial<Record<ServiceName, ServiceState>>;
  tls: TlsInfo | null;
  /** Per-target failure (timeout, TLS, protocol …) as data; null when the target answered. */
  error: RequestError | null;
  requests: number;
  durationMs: number;
  time: string;
}
