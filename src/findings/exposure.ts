/**
 * @module findings/exposure
 * The exposure window per campaign: from its first exploitation in the wild to the moment this
 * server was patched. The patch moment comes, in order of trust, from the operator
 * (`--patched-on`), from the build change seen in the server's own logs, or is assumed to be the
 * day the fix shipped (the most optimistic guess, stated as such in `basis`).
 */
import type { Campaign, VulnStatus } from '../knowledge/index.js';
import type { BuildSighting } from './build-history.js';

export interface ExposureWindow {
  campaign: string;
  name: string;
  /** ISO 8601: the campaign's first exploitation in the wild. */
  start: string;
  /** ISO 8601 of the patch, or null when the server is still vulnerable as far as we know. */
  end: string | null;
  /** False when the window is empty (patched before exploitation began, or not affected). */
  exposed: boolean;
  /** How `end` was decided, in words. */
  basis: string;
}

export interface ExposureInput {
  campaigns: readonly Campaign[];
  /** Campaign statuses of a build (knowledge's assessBuild + campaignStatuses), or null if it cannot be assessed. */
  statusOf: (build: string) => Record<string, VulnStatus> | null;
  sightings: readonly BuildSighting[];
  /** The build the operator says the server runs (`--build`). */
  build?: string | null;
  /** The date the operator says the server was patched (`--patched-on`), ISO. */
  patchedOn?: string | null;
}

const isoDay = (d: string): string => new Date(`${d.slice(0, 10)}T00:00:00Z`).toISOString();

export function exposureWindows(input: ExposureInput): ExposureWindow[] {
  return input.campaigns.map((c) => windowOf(c, input));
}

function windowOf(c: Campaign, input: ExposureInput): ExposureWindow {
  const start = isoDay(c.firstExploited);
  const fixShipped = isoDay(c.patched);
  const make = (end: string | null, basis: string, affected = true): ExposureWindow => ({
    campaign: c.id,
    name: c.name,
    start,
    end,
    exposed: affected && (end === null || end > start),
    basis,
  });
  if (input.patchedOn) {
    const when = new Date(input.patchedOn);
    if (!Number.isNaN(when.getTime()))
      return make(when.toISOString(), `patched on ${input.patchedOn} (--patched-on)`);
  }
  const seen = input.sightings
    .map((s) => ({ s, status: input.statusOf(s.build)?.[c.id] }))
    .filter(
      (x): x is { s: BuildSighting; status: VulnStatus } => x.status !== undefined && x.status !== 'unknown',
    );
  if (seen.length > 0) {
    if (seen.every((x) => x.status === 'not-affected'))
      return make(null, `builds in the logs are not affected`, false);
    const firstVuln = seen.findIndex((x) => x.status === 'vulnerable');
    if (firstVuln >= 0) {
      const fixed = seen
        .slice(firstVuln + 1)
        .find((x) => x.status === 'patched' || x.status === 'not-affected');
      if (fixed) {
        const at = new Date(fixed.s.first).toISOString();
        return make(at, `logs show ${seen[firstVuln]?.s.build} then ${fixed.s.build} from ${at}`);
      }
      const last = seen[seen.length - 1] as { s: BuildSighting };
      return make(
        null,
        `logs show vulnerable build ${last.s.build} until ${new Date(last.s.last).toISOString()}`,
      );
    }
    return make(
      fixShipped,
      `earliest build in the logs (${seen[0]?.s.build}) is already fixed; assumed patched when the fix shipped`,
    );
  }
  if (input.build) {
    const status = input.statusOf(input.build)?.[c.id];
    if (status === 'not-affected') return make(null, `build ${input.build} (--build) is not affected`, false);
    if (status === 'vulnerable') return make(null, `build ${input.build} (--build) is still vulnerable`);
    if (status === 'patched')
      return make(
        fixShipped,
        `build ${input.build} (--build) is fixed; assumed patched when the fix shipped`,
      );
  }
  return make(fixShipped, 'build unknown; assumed patched when the fix shipped');
}
