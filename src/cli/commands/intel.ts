/**
 * @module cli/commands/intel
 * `exhunt intel import <file-or-folder>` keeps third-party intel (YARA files or folders, LOKI IOC
 * lists, the MSTIC CSV/JSON feed, CISA CHIRP YAML, STIX 2.1 bundles) in the local rule pack with
 * its provenance; `exhunt intel list` shows the packs and the YARA backends; `exhunt intel remove
 * <id>` drops a pack. The pack lives in `--intel-dir`, else `$EXHUNT_HOME/intel`, else
 * `~/.exhunt/intel`; `exhunt hunt` loads it.
 */
import type { Command } from 'commander';
import { intel, yara } from '../../detect/index.js';
import { escapeTerminal } from '../../report/index.js';
import { EXIT, UsageError } from '../exit.js';

interface DirOption {
  intelDir?: string;
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const t = escapeTerminal;

export function register(program: Command): void {
  const cmd = program
    .command('intel')
    .description('manage the local rule pack (YARA and IOC lists with provenance)');

  cmd
    .command('import')
    .description('import YARA files/folders, LOKI IOC lists, MSTIC CSV/JSON, CHIRP YAML or STIX 2.1 bundles')
    .argument('<path>', 'file or folder to import')
    .option('--intel-dir <dir>', 'rule pack folder (default $EXHUNT_HOME/intel or ~/.exhunt/intel)')
    .option('--author <name>', 'author to credit when the files do not say')
    .option('--licence <id>', 'licence of the imported files (e.g. DRL-1.1, MIT)')
    .option('--reference <url>', 'where the files come from')
    .option('--check', 'also compile the imported YARA rules and report the ones that fail')
    .action(
      async (
        source: string,
        opts: DirOption & { author?: string; licence?: string; reference?: string; check?: boolean },
      ) => {
        const dir = opts.intelDir ?? intel.defaultIntelDir();
        const res = await intel.importIntel(source, dir, {
          author: opts.author,
          licence: opts.licence,
          reference: opts.reference,
        });
        for (const i of res.issues.slice(0, 50)) {
          process.stderr.write(`exhunt: ${t(i.origin)}${i.line ? `:${i.line}` : ''}: ${t(i.message)}\n`);
        }
        if (res.issues.length > 50) process.stderr.write(`exhunt: … ${res.issues.length - 50} more issues\n`);
        if (!res.manifest) throw new UsageError(`nothing imported from ${source}`);
        const m = res.manifest;
        const c = m.counts;
        out(`imported ${t(m.id)} into ${t(dir)}`);
        out(
          `  ${m.files.length} files; ${c.yaraSources} YARA sources, ${c.hashes} hashes, ${c.paths} path patterns, ${c.network} network indicators`,
        );
        out(`  author: ${t(m.author)}; licence: ${t(m.licence)}${m.reference ? `; ${t(m.reference)}` : ''}`);
        if (c.ignored)
          out(
            `  ${c.ignored} indicators of kinds a file hunt cannot use (event/registry queries) kept but not used`,
          );
        if (opts.check && c.yaraSources > 0) {
          const loaded = await intel.loadPacks(dir);
          const mine = loaded.set.yara.filter((s) => s.namespace.startsWith(`${m.id}/`));
          const chosen = await yara.selectEngine();
          if (!chosen.engine) throw new UsageError('no YARA backend available to check the rules');
          const compiled = await chosen.engine.compile(mine);
          out(`  YARA (${chosen.engine.name}): ${compiled.loaded}/${mine.length} sources compile`);
          for (const i of compiled.issues.slice(0, 20))
            process.stderr.write(`exhunt: ${t(i.origin)}: ${t(i.message)}\n`);
          await compiled.close();
        }
        process.exitCode = EXIT.CLEAN;
      },
    );

  cmd
    .command('list')
    .description('show the imported packs and which YARA backends are available')
    .option('--intel-dir <dir>', 'rule pack folder')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: DirOption & { format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json')
        throw new UsageError(`--format wants text or json, got "${opts.format}"`);
      const dir = opts.intelDir ?? intel.defaultIntelDir();
      const loaded = await intel.loadPacks(dir);
      const backends = await yara.backendStatuses();
      if (opts.format === 'json') {
        out(JSON.stringify({ intelDir: dir, packs: loaded.packs, backends, issues: loaded.issues }, null, 2));
        return;
      }
      out(`rule pack: ${t(dir)}`);
      if (loaded.packs.length === 0)
        out('  (no packs imported; exhunt uses its own rules/yara and rules/indicators)');
      for (const p of loaded.packs) {
        const c = p.counts;
        out(`  ${t(p.id)}  ${p.importedAt.slice(0, 19)}Z  ${t(p.licence)}  ${t(p.author)}`);
        out(
          `    from ${t(p.origin)}: ${c.yaraSources} YARA, ${c.hashes} hashes, ${c.paths} paths, ${c.network} network`,
        );
      }
      out('YARA backends:');
      for (const b of backends)
        out(`  ${b.backend.padEnd(7)} ${b.available ? 'available  ' : 'unavailable'} ${t(b.detail)}`);
      for (const i of loaded.issues.slice(0, 20))
        process.stderr.write(`exhunt: ${t(i.origin)}: ${t(i.message)}\n`);
    });

  cmd
    .command('remove')
    .description('remove an imported pack by id')
    .argument('<id>', 'pack id as shown by `exhunt intel list`')
    .option('--intel-dir <dir>', 'rule pack folder')
    .action(async (id: string, opts: DirOption) => {
      const dir = opts.intelDir ?? intel.defaultIntelDir();
      if (!(await intel.removePack(dir, id))) throw new UsageError(`no pack "${id}" in ${dir}`);
      out(`removed ${t(id)}`);
    });
}
