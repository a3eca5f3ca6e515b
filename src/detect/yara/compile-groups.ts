/**
 * @module detect/yara/compile-groups
 * Splits rule sources into the fewest compile units in which no rule name repeats. Third-party
 * sets reuse names across files (and a user may import the same rule twice); backends without
 * namespaces in their API (YARA-X's Node binding) compile one unit per group instead of failing.
 */
import { ruleNames } from './rule-meta.js';
import type { RuleSource } from './types.js';

export interface CompileGroup {
  sources: RuleSource[];
  /** rule name → namespace of the source that defines it in this group. */
  owner: Map<string, string>;
}

export function groupByUniqueNames(sources: readonly RuleSource[]): CompileGroup[] {
  const groups: CompileGroup[] = [];
  for (const source of sources) {
    const names = ruleNames(source.text);
    let group = groups.find((g) => names.every((n) => !g.owner.has(n)));
    if (!group) {
      group = { sources: [], owner: new Map() };
      groups.push(group);
    }
    group.sources.push(source);
    for (const n of names) group.owner.set(n, source.namespace);
  }
  return groups;
}
