/**
 * @module parsers/iis-config/read-iis-config
 * Read a config file from an evidence root (bounded size, BOM and UTF-16 aware) and parse it.
 */
import type { EvidenceEntry, EvidenceRoot } from '../../evidence/index.js';
import type { ParseIssue } from '../types.js';
import { parseIisConfig, type IisConfig } from './parse-iis-config.js';

/** applicationHost.config is rarely above 1 MB; anything far larger is not a config file. */
const MAX_CONFIG_BYTES = 32 * 1024 * 1024;

export interface IisConfigResult {
  path: string;
  config: IisConfig | null;
  issues: ParseIssue[];
}

export async function readIisConfig(root: EvidenceRoot, entry: EvidenceEntry): Promise<IisConfigResult> {
  const path = entry.path;
  if (entry.size > MAX_CONFIG_BYTES) {
    return {
      path,
      config: null,
      issues: [
        { path, line: null, kind: 'too-long', message: `config file of ${entry.size} bytes: not read` },
      ],
    };
  }
  const opened = await root.open(path);
  if (!opened.ok)
    return {
      path,
      config: null,
      issues: [{ path, line: null, kind: 'unreadable', message: opened.issue.message }],
    };
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      const n = await opened.reader.read(buf, 0, buf.length);
      if (n === 0) break;
      total += n;
      if (total > MAX_CONFIG_BYTES) {
        return {
          path,
          config: null,
          issues: [
            { path, line: null, kind: 'too-long', message: 'config file larger than 32 MB: not read' },
          ],
        };
      }
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
  } catch (error) {
    return {
      path,
      config: null,
      issues: [{ path, line: null, kind: 'unreadable', message: `read failed: ${(error as Error).message}` }],
    };
  } finally {
    await opened.reader.close().catch(() => {});
  }
  const text = decode(Buffer.concat(chunks));
  const config = parseIisConfig(text);
  const issues: ParseIssue[] = [];
  if (config.unreadable > 0) {
    issues.push({
      path,
      line: null,
      kind: 'damaged',
      message: `${config.unreadable} "<" not readable as XML tags`,
    });
  }
  return { path, config, issues };
}

function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1));
    const swapped = Buffer.from(body);
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}
