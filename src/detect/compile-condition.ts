/**
 * @module detect/compile-condition
 * Turns a validated condition tree into one closure per node, once, so evaluating a record is
 * a few function calls and string searches — no interpretation of rule data per line.
 */
import type { Condition, FieldTest } from './rule-types.js';
import { EvalContext } from './eval-context.js';
import { likeToRegExp } from './like-pattern.js';

export type Test = (ctx: EvalContext) => boolean;

/** Compile a condition tree; throws only on rules that skipped validation (a bug). */
export function compileCondition(cond: Condition): Test {
  if ('all' in cond) {
    const parts = cond.all.map(compileCondition);
    return (ctx) => parts.every((t) => t(ctx));
  }
  if ('any' in cond) {
    const parts = cond.any.map(compileCondition);
    return (ctx) => parts.some((t) => t(ctx));
  }
  if ('not' in cond) {
    const inner = compileCondition(cond.not);
    return (ctx) => !inner(ctx);
  }
  return compileFieldTest(cond);
}

const list = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

/** The value test for one field: (value, context, field) → pass. */
type ValueTest = (ctx: EvalContext, field: string) => boolean;

function compileFieldTest(t: FieldTest): Test {
  const fields = list(t.field) as string[];
  const test = compileValueTest(t);
  if (fields.length === 1) {
    const f = fields[0] as string;
    return (ctx) => test(ctx, f);
  }
  return (ctx) => fields.some((f) => test(ctx, f));
}

function stringTest(t: FieldTest, values: string[], op: (v: string, x: string) => boolean): ValueTest {
  if (t.cased) return (ctx, f) => check(ctx.value(f), values, op);
  const lowered = values.map((x) => x.toLowerCase());
  return (ctx, f) => check(ctx.lower(f), lowered, op);
}

function check(v: string | undefined, values: string[], op: (v: string, x: string) => boolean): boolean {
  if (v === undefined) return false;
  for (const x of values) if (op(v, x)) return true;
  return false;
}

function compileValueTest(t: FieldTest): ValueTest {
  const eq = list(t.equals) ?? t.in;
  if (eq) return stringTest(t, eq, (v, x) => v === x);
  const contains = list(t.contains);
  if (contains) return stringTest(t, contains, (v, x) => v.includes(x));
  const starts = list(t.startswith);
  if (starts) return stringTest(t, starts, (v, x) => v.startsWith(x));
  const ends = list(t.endswith);
  if (ends) return stringTest(t, ends, (v, x) => v.endsWith(x));
  const like = list(t.like);
  if (like) {
    const res = like.map((p) => likeToRegExp(p, t.cased));
    const regs = res.filter((r): r is RegExp => r instanceof RegExp);
    if (regs.length !== res.length) throw new Error(`bug: unvalidated like pattern in ${String(t.field)}`);
    return (ctx, f) => {
      const v = ctx.value(f);
      return v !== undefined && regs.some((r) => r.test(v));
    };
  }
  if (t.regex !== undefined) {
    const re = new RegExp(t.regex, t.cased ? 's' : 'is');
    return (ctx, f) => {
      const v = ctx.value(f);
      return v !== undefined && re.test(v);
    };
  }
  if (t.gt !== undefined || t.gte !== undefined || t.lt !== undefined || t.lte !== undefined) {
    return (ctx, f) => {
      const raw = ctx.value(f);
      if (raw === undefined || raw.trim() === '') return false;
      const n = Number(raw);
      if (Number.isNaN(n)) return false;
      return (
        (t.gt === undefined || n > t.gt) &&
        (t.gte === undefined || n >= t.gte) &&
        (t.lt === undefined || n < t.lt) &&
        (t.lte === undefined || n <= t.lte)
      );
    };
  }
  if (t.after !== undefined || t.before !== undefined) {
    const after = t.after === undefined ? -Infinity : Date.parse(t.after);
    const before = t.before === undefined ? Infinity : Date.parse(t.before);
    return (ctx, f) => {
      const ms = ctx.time(f);
      return ms !== null && ms >= after && ms < before;
    };
  }
  if (t.empty !== undefined) {
    const want = t.empty;
    return (ctx, f) => {
      const v = ctx.value(f);
      const isEmpty = v === undefined || v === '' || v === '-';
      return isEmpty === want;
    };
  }
  if (t.absent !== undefined) {
    const want = t.absent;
    return (ctx, f) => (ctx.value(f) === undefined) === want;
  }
  throw new Error(`bug: field test on ${String(t.field)} has no operator`);
}
