// Second step of `npm run build`, after tsc: the CLI and every worker-thread entry are rewritten in
// place as one file each (esbuild). Plain-JavaScript packages imported statically (commander,
// yauzl) are inlined too: loading a CommonJS package from ESM costs 25-50 ms here (resolution
// and the CJS export scan). Native or optional packages, loaded on demand, stay external.
//
// Why: Node 20's ESM loader costs about 0.3-0.8 ms per module on these machines, and `exhunt hunt`
// loads ~170 of them before it reads a byte (~130 ms), then each worker thread loads its own ~120
// (~100-250 ms while the other core is busy scanning). A log hunt over 1 GB takes about a second,
// so that was a fifth of the run. One file per entry loads in a fraction of that.
//
// Each module keeps the `import.meta.url` it had unbundled: the rewrite below turns it into the
// URL of the module's own file in dist/, so paths to rules/ and data/, sibling worker files and
// createRequire() resolve exactly as before, from any depth. The unbundled files stay in dist/ for
// the library entry points (`exports`), which are imported, not started.
import { build } from 'esbuild';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(fileURLToPath(import.meta.url), '../../..');

/** Programs started by node: the CLI and the worker threads it spawns by file. */
export const ENTRIES = [
  'cli/main.js',
  'hunt/hunt-worker.js',
  'detect/files/scan-worker.js',
  'detect/yara/wasm-worker.js',
  'parsers/evtx/evtx-worker.js',
  'probe/schedule/probe-worker.js',
];

/** Plain-JavaScript packages imported statically: inlined (see above). */
const INLINE = new Set(['commander', 'yauzl']);

/** Every other package of package.json (native builds, optional data, loaded on demand) stays external. */
const EXTERNAL = await (async () => {
  const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies });
  return names.filter((n) => !INLINE.has(n));
})();

/** Marks a bundled file, so a second run does not bundle a bundle with stale inlined modules. */
const MARK = '// exhunt-bundle: ';

function keepModuleUrl(outFile) {
  return {
    name: 'keep-module-url',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async (args) => {
        let code = await readFile(args.path, 'utf8');
        if (code.includes('import.meta.url')) {
          const rel = path.relative(path.dirname(outFile), args.path).split(path.sep).join('/');
          const own = `new URL(${JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`)}, import.meta.url).href`;
          code = code.replaceAll('import.meta.url', `(${own})`);
        }
        return { contents: code, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/**
 * Node modules that cost milliseconds to load and that most runs never touch (`hunt` makes no
 * TLS connection, `probe` starts no child process): each is loaded when the first module that
 * imports it is initialised, not when the bundle starts. A static `import` of a node module is
 * hoisted to the top of the bundle whichever command runs; routed through a one-line CommonJS
 * module, it becomes a require() inside the importing module's lazy initialiser (the commands
 * are imported dynamically, so their modules are initialised only when that command runs).
 * Loading all nine cost ~25 ms per thread here.
 */
export const LAZY_BUILTINS = new Set([
  'node:tls',
  'node:net',
  'node:http',
  'node:https',
  'node:dns',
  'node:child_process',
  'node:readline',
  'node:crypto',
  'node:zlib',
]);

function lazyBuiltins() {
  return {
    name: 'lazy-builtins',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) =>
        LAZY_BUILTINS.has(args.path) && args.kind === 'import-statement'
          ? { path: args.path, namespace: 'lazy-builtin' }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Our modules only declare things (the only top-level statements that act are in the entries,
 * which are always kept): a module none of whose exports an entry uses can be left out. Without
 * this, an index that re-exports a whole layer puts all of it in every bundle that imports one
 * name from it, to be compiled and run at start — the log-hunt worker ran the YARA and file-hunt
 * code, and loaded node:crypto and node:child_process for it, to scan logs.
 */
function ownModulesWithoutSideEffects(entryFile) {
  return {
    name: 'own-modules-without-side-effects',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
        const file = path.resolve(args.resolveDir, args.path);
        return file === entryFile ? undefined : { path: file, sideEffects: false };
      });
    },
  };
}

/** Rewrites `dist/<entry>` in place as one file; returns its new size in bytes. */
export async function bundleEntry(dist, entry) {
  const file = path.join(dist, entry);
  const text = await readFile(file, 'utf8');
  // The mark follows the shebang line, if any.
  if (text.split('\n', 2).some((line) => line.startsWith(MARK)))
    throw new Error(`${entry} is already a bundle: run tsc first (npm run build)`);
  await build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Whitespace and comments out (names kept: stack traces stay readable, and the source map
    // leads back to dist/ and src/): the file is ASCII and a third smaller, and node decodes and
    // compiles all of it before the first line runs (~50 ms of `exhunt --version` was that).
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    sourcemap: true,
    // Inlined packages keep their licence comments (commander and yauzl are MIT).
    legalComments: 'inline',
    logLevel: 'warning',
    banner: {
      // Inlined CommonJS packages call require() for node's own modules; ESM has none.
      js: [
        `${MARK}${entry}; modules inlined from dist/ by scripts/build/bundle.mjs`,
        "import { createRequire as __exhuntCreateRequire } from 'node:module';",
        'const require = __exhuntCreateRequire(import.meta.url);',
      ].join('\n'),
    },
    plugins: [keepModuleUrl(file), lazyBuiltins(), ownModulesWithoutSideEffects(file)],
  });
  return (await stat(file)).size;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  // Optional argument: another tsc output folder at the same depth as dist/ (A/B benchmarks).
  const dist = path.resolve(repo, process.argv[2] ?? 'dist');
  for (const entry of ENTRIES) await bundleEntry(dist, entry);
}
