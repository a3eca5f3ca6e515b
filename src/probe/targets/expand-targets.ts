/**
 * @module probe/targets/expand-targets
 * Specs → targets, lazily: an async generator that yields one endpoint at a time, so a /8 (or a
 * /64) costs two bigints, not a list. Excluded addresses are skipped by jumping to the end of
 * their block. Duplicates across specs are not removed (that would need memory per target).
 */
import { ExcludeList } from './exclude-list.js';
import { formatIp } from './ip-address.js';
import type { TargetSpec } from './parse-target.js';
import type { Target } from '../types.js';

/** Identifier of an endpoint: `host`, `host:port`, `[v6]:port`, or the URL as given. */
export function targetId(host: string, port: number | null): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === null ? host : `${h}:${port}`;
}

function hostTarget(spec: Extract<TargetSpec, { kind: 'host' }>): Target {
  const isUrl = spec.scheme !== null && /^[a-z]+:\/\//i.test(spec.text);
  return {
    id: isUrl ? spec.text : targetId(spec.host, spec.port),
    host: spec.host,
    port: spec.port,
    scheme: spec.scheme,
    basePath: '/',
  };
}

/** Yields every non-excluded endpoint of each spec, in order. */
export async function* expandTargets(
  specs: AsyncIterable<TargetSpec> | Iterable<TargetSpec>,
  exclude: ExcludeList = new ExcludeList(),
): AsyncGenerator<Target> {
  for await (const spec of specs) {
    if (spec.kind === 'host') {
      if (!exclude.hasHost(spec.host)) yield hostTarget(spec);
      continue;
    }
    let v = spec.first;
    while (v <= spec.last) {
      const skipTo = exclude.intervalContaining(spec.family, v);
      if (skipTo !== null) {
        v = skipTo + 1n;
        continue;
      }
      const host = formatIp({ family: spec.family, value: v });
      yield { id: targetId(host, spec.port), host, port: spec.port, scheme: null, basePath: '/' };
      v++;
    }
  }
}
