/**
 * @module lab
 * An emulator of Exchange front-ends on loopback for rehearsal and tests: Exchange
 * 2013/2016/2019/SE at any build, vulnerable or patched, behind EOMT/EOMTv2 URL Rewrite rules,
 * with or without X-OWA-Version and the export-tool manifest; decoys, tarpits and hostile
 * servers. Every request is logged, so tests can prove what a probe sent.
 */
export type {
  ExchangeProfile,
  DecoyProfile,
  TarpitProfile,
  HostileProfile,
  HostileBehaviour,
  LabProfile,
  LabHost,
  LabLogEntry,
  LabMitigation,
  LabService,
} from './types.js';
export { startLab, assertLoopback, type RunningLab } from './lab-fleet.js';
export { RequestLog } from './request-log.js';
export { respondAsExchange, threePart, type LabAction, type LabRequest } from './exchange-responder.js';
export { respondAsDecoy } from './decoy-responder.js';
export { aborts, urlDecode } from './mitigation-rules.js';
export { exchangeProfile, placeHosts, benchFleet, REHEARSAL, type RehearsalCase } from './presets.js';
export { makeSelfSignedCert, type LabCertificate } from './cert/self-signed-cert.js';
export { parseFleet } from './read-fleet.js';
export { profileForBuild, catalogueFleet } from './profile-for-build.js';
