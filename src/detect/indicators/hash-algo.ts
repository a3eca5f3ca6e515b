/**
 * @module detect/indicators/hash-algo
 * Tells MD5, SHA-1 and SHA-256 apart by length, as LOKI does for its mixed hash lists.
 */
import type { HashAlgo } from './types.js';

const HEX = /^[0-9a-fA-F]+$/;

export function hashAlgo(value: string): HashAlgo | null {
  if (!HEX.test(value)) return null;
  if (value.length === 32) return 'md5';
  if (value.length === 40) return 'sha1';
  if (value.length === 64) return 'sha256';
  return null;
}
