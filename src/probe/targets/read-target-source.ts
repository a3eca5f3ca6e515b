/**
 * @module probe/targets/read-target-source
 * Target files and stdin → specs, streamed line by line (a 10 GB masscan file is fine). The format
 * is sniffed from the first non-blank line: nmap/masscan XML (`-oX`), masscan list (`-oL`),
 * masscan JSON (`-oJ`), grepable (`-oG`), or plain (one or more targets per line, `#` comments).
 * From scan output only open TCP ports are taken, each as `address:port`.
 * Bad lines are counted and reported through `onBadLine`, never thrown.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseTarget, type SpecParse, type TargetSpec } from './parse-target.js';

export type SourceFormat = 'plain' | 'nmap-xml' | 'masscan-list' | 'masscan-json' | 'grepable';

export interface SourceProblem {
  source: string;
  line: number;
  error: string;
  text: string;
}

/** Guesses the format of a target file from its first non-blank line. */
export function sniffFormat(firstLine: string): SourceFormat {
  const t = firstLine.trim();
  if (t.startsWith('<?xml') || t.startsWith('<nmaprun') || t.startsWith('<!DOCTYPE nmaprun'))
    return 'nmap-xml';
  if (t.startsWith('#masscan') || /^open\s+tcp\s+\d+\s+\S+/.test(t)) return 'masscan-list';
  if (t === '[' || t.startsWith('{') || t.startsWith('[{')) return 'masscan-json';
  if (t.startsWith('# Nmap') || t.startsWith('# Masscan') || /^Host:\s/.test(t)) return 'grepable';
  return 'plain';
}

const XML_ADDR =
  /<address\s[^>]*addr="([^"]+)"[^>]*addrtype="(ipv4|ipv6)"|<address\s[^>]*addrtype="(ipv4|ipv6)"[^>]*addr="([^"]+)"/;
const XML_PORT = /<port\s[^>]*protocol="tcp"[^>]*portid="(\d+)"[^>]*>\s*<state\s[^>]*state="open"/g;

/** Words of one line for the plain format: split on whitespace/commas, `#` starts a comment. */
function plainWords(line: string): string[] {
  const hash = line.indexOf('#');
  const body = hash >= 0 ? line.slice(0, hash) : line;
  return body.split(/[\s,;]+/).filter((w) => w !== '');
}

function hostPort(addr: string, port: string): string {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/** Extracts target words from one line of a scan-output format (XML is handled per host block). */
function scanWords(format: SourceFormat, line: string): string[] {
  if (format === 'masscan-list') {
    const m = /^open\s+tcp\s+(\d+)\s+(\S+)/.exec(line.trim());
    return m ? [hostPort(m[2] ?? '', m[1] ?? '')] : [];
  }
  if (format === 'masscan-json') {
    const ip = /"ip"\s*:\s*"([^"]+)"/.exec(line);
    if (!ip) return [];
    const out: string[] = [];
    for (const m of line.matchAll(
      /"port"\s*:\s*(\d+)\s*,\s*"proto"\s*:\s*"tcp"\s*,\s*"status"\s*:\s*"open"/g,
    )) {
      out.push(hostPort(ip[1] ?? '', m[1] ?? ''));
    }
    return out;
  }
  if (format === 'grepable') {
    const m = /^Host:\s+(\S+).*?Ports:\s*(.*)$/.exec(line);
    if (!m) return [];
    const out: string[] = [];
    for (const p of (m[2] ?? '').split(',')) {
      const f = p.trim().split('/');
      if (f[1] === 'open' && f[2] === 'tcp') out.push(hostPort(m[1] ?? '', f[0] ?? ''));
    }
    return out;
  }
  return plainWords(line);
}

/** Target specs from a stream; `name` labels problems (a path or "stdin"). */
export async function* readTargetStream(
  input: Readable,
  name: string,
  onBadLine: (p: SourceProblem) => void,
): AsyncGenerator<TargetSpec> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let format: SourceFormat | null = null;
  let lineNo = 0;
  let hostBlock: string[] | null = null;
  const emit = function* (word: string): Generator<TargetSpec> {
    const r: SpecParse = parseTarget(word);
    if (r.ok) yield r.spec;
    else onBadLine({ source: name, line: lineNo, error: r.error, text: r.text });
  };
  for await (const line of rl) {
    lineNo++;
    if (format === null) {
      if (line.trim() === '') continue;
      format = sniffFormat(line);
    }
    if (format !== 'nmap-xml') {
      if (format !== 'plain' && line.startsWith('#')) continue;
      for (const w of scanWords(format, line)) yield* emit(w);
      continue;
    }
    // XML: collect one <host>…</host> block (bounded) and read its address and open ports.
    if (hostBlock === null && line.includes('<host')) hostBlock = [];
    if (hostBlock !== null) {
      hostBlock.push(line);
      if (hostBlock.length > 10_000) hostBlock = null;
      else if (line.includes('</host>')) {
        const block = hostBlock.join('\n');
        hostBlock = null;
        const a = XML_ADDR.exec(block);
        const addr = a ? (a[1] ?? a[4] ?? '') : '';
        if (!addr) continue;
        for (const p of block.matchAll(XML_PORT)) yield* emit(hostPort(addr, p[1] ?? ''));
      }
    }
  }
}

/** Target specs from a file path, or stdin for "-". */
export function readTargetFile(
  path: string,
  onBadLine: (p: SourceProblem) => void,
): AsyncGenerator<TargetSpec> {
  const input = path === '-' ? process.stdin : createReadStream(path);
  return readTargetStream(input, path === '-' ? 'stdin' : path, onBadLine);
}
