import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvidenceError } from './evidence-error.js';
import { NODE_FS, type FsOps } from './fs-ops.js';
import { locate } from './locate.js';
import { openEvidence } from './open-evidence.js';
import { writeZip } from './testing/write-zip.js';
import type { ByteReader, EvidenceEntry, EvidenceIssue, EvidenceRoot } from './types.js';

let dir: string;
let outside: string;

async function readAll(reader: ByteReader): Promise<string> {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(7); // small on purpose: many reads
  for (;;) {
    const n = await reader.read(buf, 0, buf.length);
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  await reader.close();
  return Buffer.concat(chunks).toString('utf8');
}

async function walkAll(root: EvidenceRoot): Promise<{ entries: EvidenceEntry[]; issues: EvidenceIssue[] }> {
  const entries: EvidenceEntry[] = [];
  const issues: EvidenceIssue[] = [];
  for await (const e of root.walk({ onIssue: (i) => issues.push(i) })) entries.push(e);
  return { entries, issues };
}

function put(rel: string, content: string): void {
  const abs = path.join(dir, ...rel.split('/'));
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'exhunt-evidence-'));
  outside = mkdtempSync(path.join(tmpdir(), 'exhunt-outside-'));
  writeFileSync(path.join(outside, 'secret.log'), 'outside the root');
  put(
    'C/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Owa/HttpProxy_2021030301-1.LOG',
    'owa log',
  );
  put(
    'C/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Ecp/HttpProxy_2021030301-1.LOG',
    'ecp log',
  );
  put('C/Program Files/Microsoft/Exchange Server/V15/Bin/ExSetup.exe', 'MZ');
  put('D/Exch/Logging/ECP/Server/ECPServer2021030301-1.LOG', 'ecp server');
  put('C/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log', '#Fields: date time');
  put('C/inetpub/wwwroot/aspnet_client/system_web/shell.aspx', '<%@ Page %>');
  put('C/Windows/System32/winevt/Logs/Application.evtx', 'ElfFile');
  put('C/Windows/Temp/lsass.dmp', 'MDMP');
  put('C/ProgramData/x.7z', '7z');
  put('C/unreadable/a.log', 'hidden');
  // A loop (link to an ancestor), a link out of the root, a dangling link and one inside the root.
  symlinkSync(path.join(dir, 'C'), path.join(dir, 'C', 'Program Files', 'loop'));
  symlinkSync(path.join(outside, 'secret.log'), path.join(dir, 'C', 'escape.log'));
  symlinkSync(outside, path.join(dir, 'C', 'escape-dir'));
  symlinkSync(path.join(dir, 'nothing-here'), path.join(dir, 'C', 'dangling'));
  symlinkSync(path.join(dir, 'C', 'ProgramData'), path.join(dir, 'C', 'pd-link'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('openEvidence on a directory', () => {
  it('walks every regular file with relative forward-slash paths and Windows views', async () => {
    const root = await openEvidence(dir);
    const { entries } = await walkAll(root);
    const paths = entries.map((e) => e.path);
    expect(paths).toContain('C/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log');
    expect(paths.every((p) => !p.includes('\\') && !p.startsWith('/'))).toBe(true);
    const iis = entries.find((e) => e.path.endsWith('u_ex210303.log'))!;
    expect(iis.windows).toMatchObject({ drive: 'C', key: '/inetpub/logs/logfiles/w3svc1/u_ex210303.log' });
    expect(iis.size).toBe('#Fields: date time'.length);
  });

  it('never follows links: a loop, a link out of the root, a dangling link are counted issues', async () => {
    const root = await openEvidence(dir);
    const { entries, issues } = await walkAll(root);
    expect(entries.some((e) => e.path.includes('secret') || e.path.includes('escape'))).toBe(false);
    const kinds = Object.fromEntries(issues.map((i) => [i.path, i.kind]));
    expect(kinds).toMatchObject({
      'C/Program Files/loop': 'link-loop',
      'C/escape.log': 'link-outside-root',
      'C/escape-dir': 'link-outside-root',
      'C/dangling': 'broken-link',
      'C/pd-link': 'link-inside-root',
    });
    // Opening a link out of the root by name is refused too.
    const opened = await root.open('C/escape.log');
    expect(opened.ok).toBe(false);
    expect(opened.ok ? null : opened.issue.kind).toBe('link-outside-root');
    expect((await root.open('../' + path.basename(outside) + '/secret.log')).ok).toBe(false);
  });

  it('counts an unreadable folder and goes on (simulated: tests run as root, where chmod 000 reads anyway)', async () => {
    const denied: FsOps = {
      ...NODE_FS,
      readdir: async (p) => {
        if (p.endsWith(`${path.sep}unreadable`)) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return NODE_FS.readdir(p);
      },
    };
    const root = await openEvidence(dir, { fs: denied });
    const { entries, issues } = await walkAll(root);
    expect(issues).toContainEqual({
      path: 'C/unreadable',
      kind: 'unreadable',
      message: 'cannot list folder: permission denied',
    });
    expect(entries.length).toBeGreaterThan(5);
  });

  it('reads entries by relative path, from a second independent open (as a worker would)', async () => {
    const again = await openEvidence(dir);
    const opened = await again.open('C\\inetpub\\logs\\LogFiles\\W3SVC1\\u_ex210303.log');
    expect(opened.ok).toBe(true);
    if (opened.ok) expect(await readAll(opened.reader)).toBe('#Fields: date time');
    expect(await again.entry('C/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log')).toMatchObject({ size: 18 });
    expect(await again.entry('C/nope.log')).toBeNull();
    expect(await again.localPath!('C/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log')).toMatch(
      /W3SVC1[\\/]u_ex210303\.log$/,
    );
    expect(await again.localPath!('C/escape.log')).toBeNull();
    expect(await again.localPath!('../x')).toBeNull();
  });

  it('locates installs on any drive, log groups, IIS, event logs, web roots, ProgramData, temp', async () => {
    const found = await locate(await openEvidence(dir));
    expect(found.installs.map((i) => [i.path, i.drive, i.version, i.hasLogs])).toEqual([
      ['C/Program Files/Microsoft/Exchange Server/V15', 'C', 'V15', true],
      ['D/Exch', 'D', null, true],
    ]);
    expect(found.installs[0]!.windows).toBe('\\Program Files\\Microsoft\\Exchange Server\\V15');
    expect(found.logs.map((g) => [g.kind, g.subkind, g.files.length])).toEqual([
      ['ecp-server', null, 1],
      ['httpproxy', 'Ecp', 1],
      ['httpproxy', 'Owa', 1],
      ['iis', 'W3SVC1', 1],
    ]);
    expect(found.eventLogs.map((e) => e.path)).toEqual(['C/Windows/System32/winevt/Logs/Application.evtx']);
    expect(found.webRoots.map((g) => [g.kind, g.folder])).toEqual([
      ['aspnet_client', 'C/inetpub/wwwroot/aspnet_client'],
    ]);
    expect(found.programData[0]!.files.map((f) => f.path)).toEqual(['C/ProgramData/x.7z']);
    expect(found.temp[0]!.folder).toBe('C/Windows/Temp');
    expect(found.issues.length).toBe(5);
  });

  it('refuses a missing root with a one-line EvidenceError', async () => {
    const error = await openEvidence(path.join(dir, 'missing')).catch((e: unknown) => e);
    expect(isEvidenceError(error)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('openEvidence on a zip (Velociraptor layout)', () => {
  let zipPath: string;
  beforeAll(() => {
    zipPath = path.join(dir, '..', `${path.basename(dir)}-collection.zip`);
    const line = '2021-03-03T01:02:03.000Z,x\r\n';
    writeFileSync(
      zipPath,
      writeZip([
        {
          name: 'uploads/auto/C%3A/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Owa/a.LOG',
          data: line,
          deflate: true,
        },
        { name: 'uploads/auto/C%3A/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log', data: 'iis' },
        { name: 'uploads/auto/C%3A/Windows/System32/winevt/Logs/Security.evtx', data: 'ElfFile' },
        { name: '../../evil.log', data: 'zip slip' },
        { name: '/etc/passwd', data: 'absolute' },
        { name: 'uploads/auto/C%3A/link', data: '/etc/passwd', mode: 0o120777 },
        { name: 'uploads/auto/C%3A/folder/', data: '' },
      ]),
    );
  });
  afterAll(() => rmSync(zipPath, { force: true }));

  it('streams entries without extraction and decodes C%3A as drive C', async () => {
    const root = await openEvidence(zipPath);
    expect(root.kind).toBe('zip');
    const { entries, issues } = await walkAll(root);
    expect(entries.map((e) => e.windows.drive)).toEqual(['C', 'C', 'C']);
    expect(issues.map((i) => i.kind).sort()).toEqual(['link-inside-root', 'unsafe-name', 'unsafe-name']);
    const owa = entries.find((e) => e.path.endsWith('a.LOG'))!;
    const opened = await root.open(owa.path);
    expect(opened.ok).toBe(true);
    if (opened.ok) expect(await readAll(opened.reader)).toBe('2021-03-03T01:02:03.000Z,x\r\n');
    await root.close();
  });

  it('locates the same things as in a folder', async () => {
    const found = await locate(await openEvidence(zipPath));
    expect(found.installs.map((i) => [i.drive, i.windows])).toEqual([
      ['C', '\\Program Files\\Microsoft\\Exchange Server\\V15'],
    ]);
    expect(found.logs.map((g) => g.kind)).toEqual(['httpproxy', 'iis']);
    expect(found.eventLogs).toHaveLength(1);
  });

  it('refuses a damaged zip with a one-line error', async () => {
    const bad = zipPath + '.bad.zip';
    writeFileSync(bad, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 0x41)]));
    const error = await openEvidence(bad).catch((e: unknown) => e);
    rmSync(bad);
    expect(isEvidenceError(error)).toBe(true);
  });
});

describe('locate on a Velociraptor zip holding one file twice', () => {
  it('hunts the Windows file once and counts the copy', async () => {
    const zipPath = path.join(tmpdir(), `exhunt-dup-${process.pid}.zip`);
    const log = 'uploads/{}/C%3A/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Owa/a.LOG';
    writeFileSync(
      zipPath,
      writeZip([
        { name: log.replace('{}', 'auto'), data: 'x' },
        { name: log.replace('{}', 'ntfs').replace('C%3A', '%5C%5C.%5CC%3A'), data: 'x' },
      ]),
    );
    const found = await locate(await openEvidence(zipPath));
    rmSync(zipPath);
    expect(found.logs[0]!.files.map((f) => f.path)).toEqual([log.replace('{}', 'auto')]);
    expect(found.issues).toEqual([expect.objectContaining({ kind: 'duplicate' })]);
  });
});

describe('openEvidence on a single file', () => {
  it('is a root holding that file, classified by its name', async () => {
    const file = path.join(tmpdir(), `HttpProxy_2021030301-${process.pid}.LOG`);
    writeFileSync(file, '#Fields: DateTime\n2021-03-03T00:00:00Z\n');
    try {
      const root = await openEvidence(file);
      expect(root.kind).toBe('file');
      const found = await locate(root);
      expect(found.logs.map((g) => [g.kind, g.files.map((f) => f.path)])).toEqual([
        ['httpproxy', [path.basename(file)]],
      ]);
      const opened = await root.open(path.basename(file));
      expect(opened.ok).toBe(true);
      if (opened.ok) expect(await readAll(opened.reader)).toContain('#Fields');
      expect((await root.open('../etc/passwd')).ok).toBe(false);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('an unreadable folder for real (chmod 000)', () => {
  it.skipIf(process.getuid?.() === 0)(
    'is counted, not fatal (skipped as root: uid 0 reads through chmod 000)',
    async () => {
      const { chmodSync } = await import('node:fs');
      const locked = path.join(dir, 'C', 'locked');
      mkdirSync(locked, { recursive: true });
      chmodSync(locked, 0o000);
      try {
        const { issues } = await walkAll(await openEvidence(dir));
        expect(issues).toContainEqual(expect.objectContaining({ path: 'C/locked', kind: 'unreadable' }));
      } finally {
        chmodSync(locked, 0o755);
      }
    },
  );
});

describe('locate with case-mismatched paths on disk', () => {
  it('finds the same install and logs whatever the case of each folder', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'exhunt-case-'));
    try {
      for (const rel of [
        'c/PROGRAM FILES/microsoft/EXCHANGE SERVER/v15/logging/HTTPPROXY/owa/httpproxy_2021030301-1.log',
        'c/program files/Microsoft/Exchange Server/V15/LOGGING/ecp/SERVER/x.LOG',
        'c/INETPUB/LOGS/logfiles/W3svc1/U_EX210303.LOG',
        'c/WINDOWS/system32/WINEVT/logs/SECURITY.EVTX',
        'c/InetPub/WWWRoot/ASPNET_CLIENT/x.aspx',
      ]) {
        const abs = path.join(base, ...rel.split('/'));
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileSync(abs, 'x');
      }
      const found = await locate(await openEvidence(base));
      // Two spellings of one Windows folder are one install (first spelling kept); both folders' logs are hunted.
      expect(found.installs.map((i) => [i.path, i.version])).toEqual([
        ['c/PROGRAM FILES/microsoft/EXCHANGE SERVER/v15', 'V15'],
      ]);
      expect(found.logs.map((g) => [g.kind, g.subkind])).toEqual([
        ['ecp-server', null],
        ['httpproxy', 'owa'],
        ['iis', 'W3svc1'],
      ]);
      expect(found.eventLogs).toHaveLength(1);
      expect(found.webRoots.map((w) => w.kind)).toEqual(['aspnet_client']);
      expect(found.installs[0]!.windows.toLowerCase()).toBe(
        '\\program files\\microsoft\\exchange server\\v15',
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
