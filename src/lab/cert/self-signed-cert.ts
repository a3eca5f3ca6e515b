/**
 * @module lab/cert/self-signed-cert
 * A throw-away self-signed certificate for the lab, made at run time with node:crypto (an EC
 * P-256 key, ECDSA-SHA256, X.509 v3 with subjectAltName). No openssl binary, no key on disk, no
 * committed private key: every lab start makes a fresh TEST-ONLY key that dies with the process.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { bitString, explicit, integer, octets, oid, seq, set, tlv, utcTime, utf8 } from './der.js';

export interface LabCertificate {
  keyPem: string;
  certPem: string;
}

export interface CertSubject {
  commonName: string;
  organization?: string;
  altNames?: string[];
}

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';

function name(s: CertSubject): Buffer {
  const rdns = [set(seq(oid('2.5.4.3'), utf8(s.commonName)))];
  if (s.organization) rdns.unshift(set(seq(oid('2.5.4.10'), utf8(s.organization))));
  return seq(...rdns);
}

function altName(n: string): Buffer {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(n);
  if (v4) return tlv(0x87, Buffer.from(v4.slice(1).map(Number)));
  return tlv(0x82, Buffer.from(n, 'ascii'));
}

export function makeSelfSignedCert(subject: CertSubject, days = 365): LabCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = Date.now();
  const alg = seq(oid(ECDSA_SHA256));
  const sans = subject.altNames ?? [subject.commonName];
  const extensions = explicit(3, seq(seq(oid('2.5.29.17'), octets(seq(...sans.map(altName))))));
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(12)),
    alg,
    name(subject),
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + days * 86_400_000))),
    name(subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, alg, bitString(signature));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certPem: `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`,
  };
}
