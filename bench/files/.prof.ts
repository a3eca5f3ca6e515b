import { createHash } from 'node:crypto';
import { locate, openEvidence } from '../../src/evidence/index.js';
const root = await openEvidence(process.argv[2]!);
let t = performance.now();
const layout = await locate(root);
console.log('locate', (performance.now() - t).toFixed(0));
t = performance.now();
let n = 0; let bytes=0;
for await (const e of root.walk()) { n++; bytes+=e.size; }
console.log('walk', (performance.now() - t).toFixed(0), n);
const buf = Buffer.alloc(64 * 1024 * 1024, 7);
for (const algo of ['md5', 'sha1', 'sha256']) {
  t = performance.now();
  createHash(algo).update(buf).digest('hex');
  console.log(algo, (64 / ((performance.now() - t) / 1000)).toFixed(0), 'MB/s');
}
t = performance.now();
const { compile } = await import('@litko/yara-x');
console.log('import yara-x', (performance.now() - t).toFixed(0));
