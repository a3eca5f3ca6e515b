/**
 * Generates the file-hunt benchmark tree: an Exchange-like system drive with web roots full of
 * small script and resource files, compiled ASP.NET DLLs, medium files in ProgramData and a few
 * large ones in temp folders (>= 2 GB in all by default), plus the generated web shells and
 * artefacts of the test suite so both tools have something to find. Deterministic content.
 */
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { artefactSamples } from '../../src/detect/files/synthetic/artefact-samples.js';
import { webShellSamples } from '../../src/detect/files/synthetic/webshell-samples.js';

const WORDS =
  'function var return if else for while Request Response Server Page Load context session user mailbox owa ecp auth logon css div span script style width height margin padding color background'.split(
    ' ',
  );

/** A 4 MiB pool of text-like bytes with some binary runs, sliced for file contents. */
function pool(): Buffer {
  const buf = Buffer.alloc(4 * 1024 * 1024);
  let x = 0x12345678;
  let i = 0;
  while (i < buf.length) {
    x = (x * 1103515245 + 12345) >>> 0;
    if ((x >>> 24) % 17 === 0) {
      for (let k = 0; k < 64 && i < buf.length; k++) buf[i++] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    } else {
      const w = WORDS[(x >>> 8) % WORDS.length]!;
      i += buf.write(w + ((x & 7) === 0 ? ';\n' : ' '), i, 'latin1');
    }
  }
  return buf;
}

export interface TreeManifest {
  bytes: number;
  files: number;
  planted: number;
}

const HTTPPROXY = 'Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy';
const CLIENTACCESS = 'Program Files/Microsoft/Exchange Server/V15/ClientAccess';

export async function generateTree(root: string, targetBytes = 2.2 * 1024 ** 3): Promise<TreeManifest> {
  const p = pool();
  let bytes = 0;
  let files = 0;
  const put = async (rel: string, data: Buffer) => {
    const file = path.join(root, ...rel.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    bytes += data.length;
    files++;
  };
  const slice = (seed: number, size: number) => {
    const start = (seed * 7919) % (p.length - size);
    const b = Buffer.from(p.subarray(start, start + size));
    b.writeUInt32LE(seed >>> 0, 0); // distinct content, distinct hashes
    return b;
  };
  const smallDirs = [
    `${HTTPPROXY}/owa/auth/15.2.1118/scripts/premium`,
    `${HTTPPROXY}/owa/auth/15.2.1118/themes/resources`,
    `${CLIENTACCESS}/Owa/prem/15.2.1118/scripts`,
    `${CLIENTACCESS}/Owa/prem/15.2.1118/resources/styles`,
    `${CLIENTACCESS}/ecp/15.2.1118/scripts`,
    `${CLIENTACCESS}/ecp/15.2.1118/themes/default`,
    'inetpub/wwwroot/aspnet_client/system_web/4_0_30319',
    'Windows/Microsoft.NET/Framework64/v4.0.30319/Temporary ASP.NET Files/owa/a1b2c3d4/e5f6a7b8',
  ];
  const exts = ['.js', '.css', '.htm', '.xml', '.json', '.resx', '.config', '.txt'];
  const smallBudget = targetBytes * 0.27;
  for (let i = 0; bytes < smallBudget; i++) {
    const dir = smallDirs[i % smallDirs.length]!;
    const size = 1024 + (((i * 2654435761) >>> 0) % (47 * 1024));
    const dll = dir.includes('Temporary ASP.NET');
    const data = slice(i, size);
    if (dll) data.write('MZ', 0, 'latin1');
    await put(`${dir}/${Math.floor(i / 500)}/f${i}${dll ? '.dll' : exts[i % exts.length]}`, data);
  }
  const mediumBudget = targetBytes * 0.72;
  for (let i = 0; bytes < mediumBudget; i++) {
    const size = (1 + (i % 4)) * 1024 * 1024 - 4096;
    await put(`ProgramData/Vendor${i % 7}/cache/data${i}.bin`, slice(100000 + i, size));
  }
  for (let i = 0; bytes < targetBytes; i++) {
    const file = path.join(root, i % 2 ? 'Windows/Temp' : 'ProgramData/Logs', `big${i}.dat`);
    await mkdir(path.dirname(file), { recursive: true });
    const fh = await open(file, 'w');
    const size = 200 * 1024 * 1024;
    for (let off = 0; off < size; off += p.length) {
      const chunk = Buffer.from(p.subarray(0, Math.min(p.length, size - off)));
      chunk.writeUInt32LE((i * 1000 + off / p.length) >>> 0, 0);
      await fh.write(chunk);
    }
    await fh.close();
    bytes += size;
    files++;
  }
  let planted = 0;
  for (const s of [...webShellSamples(), ...artefactSamples()]) {
    await put(s.relPath, s.data);
    planted++;
  }
  const manifest = { bytes, files, planted };
  await writeFile(path.join(root, '..', `${path.basename(root)}.manifest.json`), JSON.stringify(manifest));
  return manifest;
}
