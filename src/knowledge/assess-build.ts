/**
 * @module knowledge/assess-build
 * `assessBuild(build, precision)`: everything exhunt knows about one Exchange build — product, CU,
 * update, release date, support, per-CVE status, missing updates and the update to install next —
 * and how sure it is (precision, catalogue coverage).
 */
import { compareBuilds, formatBuild, parseBuild } from './build-parse.js';
import { catalogue, lineReleases, newestOf, type CatalogueRelease } from './catalogue.js';
import { cveStatus, type BuildContext } from './cve-status.js';
import { isSupported, lifecycleOf } from './lifecycle.js';
import { productOfBuild } from './release-name.js';
import { security } from './security.js';
import { campaigns } from './campaigns.js';
import type { Build, BuildAssessment, BuildPrecision, CveId, MissingUpdate, VulnStatus } from './types.js';

export interface AssessOptions {
  /** Date (YYYY-MM-DD) at which support is judged; default today. */
  asOf?: string;
}

/** A build that cannot be assessed (malformed, not Exchange 2010-SE). */
export class BuildError extends Error {
  override name = 'BuildError';
}

export type AssessResult = { ok: true; assessment: BuildAssessment } | { ok: false; error: string };

/** Errors-as-values form, for inventories and probe results. */
export function tryAssessBuild(
  input: string | Build,
  precision?: BuildPrecision,
  options?: AssessOptions,
): AssessResult {
  try {
    return { ok: true, assessment: assessBuild(input, precision, options) };
  } catch (e) {
    if (e instanceof BuildError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * Assesses a build. `precision` defaults to what the text shows (4 parts: exact, 3 parts or
 * AdminDisplayVersion: cu); passing `cu` for a 4-part build ignores its revision in decisions.
 * @throws BuildError for text that is not an Exchange 2010–SE build.
 */
export function assessBuild(
  input: string | Build,
  precision?: BuildPrecision,
  options: AssessOptions = {},
): BuildAssessment {
  let build: Build;
  let shown: BuildPrecision;
  if (typeof input === 'string') {
    const p = parseBuild(input);
    if (!p.ok) throw new BuildError(p.error);
    build = p.build;
    shown = p.precision;
  } else {
    build = input;
    shown = input.revision === null ? 'cu' : 'exact';
  }
  const effective: BuildPrecision =
    build.revision === null ? 'cu' : (precision ?? shown) === 'exact' ? 'exact' : 'cu';
  const reported: BuildPrecision = precision === 'unknown' ? 'unknown' : effective;
  const product = productOfBuild(build.major, build.minor, build.build);
  if (!product) throw new BuildError(`not an Exchange 2010-SE build: ${formatBuild(build)}`);
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const notes: string[] = [];
  const cuPrecision = effective !== 'exact';
  const decisionBuild: Build = cuPrecision ? { ...build, revision: null } : build;

  const line = lineReleases(product, decisionBuild);
  const base = line.find((r) => r.update === null) ?? line[0];
  const cu = base?.cu ?? null;
  const sameNumber = catalogue()
    .ofProduct(product)
    .filter((r) => r.parsed.build === build.build && r.parsed.minor === build.minor);
  const lowestRevision = Math.min(...sameNumber.map((r) => r.parsed.revision ?? 0), Number.MAX_SAFE_INTEGER);
  const exact = cuPrecision ? undefined : catalogue().byBuild.get(formatBuild(build));
  const newest = newestOf(product);
  const newer =
    newest !== undefined &&
    (cuPrecision ? build.build > newest.parsed.build : compareBuilds(build, newest.parsed) > 0) &&
    (product === '2010' ? build.minor >= newest.parsed.minor : true);

  if (cuPrecision) {
    notes.push(
      'CU precision: the revision (security update level) is not known, so a CVE fixed by a security update on this CU is "unknown". Read ExSetup.exe\'s file version for an exact answer.',
    );
  }
  if (newer) {
    notes.push(
      `Newer than every Exchange ${product} release exhunt knows (newest: ${newest!.name}, ${newest!.build}); statuses cover only the CVEs in exhunt's knowledge. Update exhunt.`,
    );
  } else if (cu === null) {
    notes.push(
      `Build number ${build.build} matches no known Exchange ${product} CU; check the build for a typo.`,
    );
  } else if (!cuPrecision && !exact) {
    notes.push(`${formatBuild(build)} is not a catalogued release; it is judged within ${cu} by number.`);
  }

  const ctx: BuildContext = {
    product,
    cu: newer && line.length === 0 ? null : cu,
    build: decisionBuild,
    cuPrecision,
    lowestRevision:
      Number.isFinite(lowestRevision) && lowestRevision !== Number.MAX_SAFE_INTEGER ? lowestRevision : 0,
  };
  const vulnerabilities: Record<CveId, VulnStatus> = {};
  for (const c of security().cves) {
    vulnerabilities[c.id] = cveStatus(c, ctx);
    if (c.requires && vulnerabilities[c.id] === 'patched') {
      notes.push(`${c.id}: "patched" means the build has the fix; it also needs ${c.requires}.`);
    }
  }
  const lowBuild: Build = { ...build, revision: cuPrecision ? ctx.lowestRevision : build.revision };
  const missingUpdates: MissingUpdate[] = line
    .filter((r) => r.update !== null && compareBuilds(r.parsed, lowBuild) > 0)
    .map((r) => ({ name: r.name, build: r.build, date: r.date, cves: security().cvesFixedBy(r) }));

  const latest = nextUpdate(product, cu, line, lowBuild, notes);
  const lc = lifecycleOf(product);
  if (lc.extendedSupportEnd !== null && asOf > lc.extendedSupportEnd) {
    notes.push(
      `Exchange ${product} left extended support on ${lc.extendedSupportEnd}.${lc.note ? ` ${lc.note}` : ' Migrate to Exchange Server SE.'}`,
    );
  }
  return {
    build: formatBuild(cuPrecision && typeof input === 'string' && shown === 'cu' ? decisionBuild : build),
    precision: reported,
    product,
    cu,
    update: exact?.update ?? null,
    name: exact?.name ?? (cuPrecision ? (base?.name ?? null) : null),
    releaseDate: exact?.date ?? (cuPrecision ? (base?.date ?? null) : null),
    known: exact !== undefined,
    newerThanCatalogue: newer,
    supported: isSupported(product, cu, asOf),
    vulnerabilities,
    missingUpdates,
    latest,
    notes,
  };
}

/** The update to install next: the newest release of the line if it still gets updates, else of the newest supported line. */
function nextUpdate(
  product: BuildAssessment['product'],
  cu: string | null,
  line: readonly CatalogueRelease[],
  b: Build,
  notes: string[],
): BuildAssessment['latest'] {
  const current = lifecycleOf(product).currentLines;
  let target: CatalogueRelease | undefined;
  if (cu !== null && current.includes(cu)) target = line.at(-1);
  else {
    const candidates = catalogue()
      .ofProduct(product)
      .filter((r) => current.includes(r.cu));
    target = candidates.at(-1) ?? newestOf(product);
    if (target && target.cu !== cu) {
      notes.push(
        `${cu ?? 'This CU'} no longer receives updates: install ${target.cu}, then its latest update.`,
      );
    }
  }
  if (!target || compareBuilds(target.parsed, b) <= 0) return null;
  return { name: target.name, build: target.build, date: target.date };
}

/** A campaign's status on an assessed build: the worst over its CVEs that affect the product. */
export function campaignStatuses(a: BuildAssessment): Record<string, VulnStatus> {
  const out: Record<string, VulnStatus> = {};
  for (const c of campaigns()) {
    const statuses = c.cves
      .map((id) => a.vulnerabilities[id] ?? 'unknown')
      .filter((s) => s !== 'not-affected');
    out[c.id] =
      statuses.length === 0
        ? 'not-affected'
        : statuses.includes('vulnerable')
          ? 'vulnerable'
          : statuses.includes('unknown')
            ? 'unknown'
            : statuses.includes('mitigated')
              ? 'mitigated'
              : 'patched';
  }
  return out;
}
