import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFiles } from './local-read.js';

const base = mkdtempSync(path.join(tmpdir(), 'exhunt-local-read-'));
const root = path.join(base, 'root');
const outside = path.join(base, 'outside.txt');
mkdirSync(path.join(root, 'sub'), { recursive: true });
writeFileSync(path.join(root, 'sub', 'a.aspx'), 'inside');
writeFileSync(outside, 'secret');
symlinkSync(outside, path.join(root, 'out-link'));
symlinkSync(path.join(root, 'sub', 'a.aspx'), path.join(root, 'in-link'));
symlinkSync(base, path.join(root, 'up'));
execFileSync('mkfifo', [path.join(root, 'pipe')]);
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe.runIf(process.platform === 'linux')('LocalFiles (synchronous fast path)', () => {
  const local = LocalFiles.forRoot(root)!;
  const read = (rel: string) => {
    const o = local.open(rel);
    if (!o.ok) return o.error;
    const buf = Buffer.alloc(o.size);
    const n = LocalFiles.readFully(o.fd, buf, 0, o.size, 0);
    LocalFiles.close(o.fd);
    return buf.subarray(0, n).toString();
  };

  it('reads a file of the root', () => {
    expect(read('sub/a.aspx')).toBe('inside');
  });

  it('refuses what resolves outside the root, through a file or a folder link', () => {
    expect(read('out-link')).toBe('resolves outside the root');
    expect(read('up/outside.txt')).toBe('resolves outside the root');
  });

  it('follows a link that stays inside the root, as EvidenceRoot.open does', () => {
    expect(read('in-link')).toBe('inside');
  });

  it('does not block on a FIFO and refuses it', () => {
    expect(read('pipe')).toBe('not a regular file');
  });

  it('says why a missing file cannot be opened', () => {
    expect(read('sub/none.aspx')).toBe('cannot open: no such file or directory');
  });
});
