/**
 * @module parsers/issue-log
 * Counted parse issues for one file. Consecutive bad lines of the same kind merge into one issue
 * (a damaged region), and only the first `max` issues are kept, so a file of pure garbage costs
 * constant memory and still reports how much was lost.
 */
import type { ParseIssue } from './types.js';

type Kind = ParseIssue['kind'];

export class IssueLog {
  readonly kept: ParseIssue[] = [];
  total = 0;
  badLines = 0;
  /** Every issue counted by kind, kept or not. */
  readonly byKind: Partial<Record<Kind, number>> = {};
  private run: { kind: Kind; first: number; last: number; message: string } | null = null;

  constructor(
    private readonly path: string,
    private readonly max: number,
  ) {}

  /** A bad line: extends the current run when it is the next line of the same kind. */
  line(kind: Kind, line: number, message: string): void {
    this.badLines++;
    const r = this.run;
    if (r !== null && r.kind === kind && r.last === line - 1) {
      r.last = line;
      return;
    }
    this.flush();
    this.run = { kind, first: line, last: line, message };
  }

  /** A problem of the whole file (unreadable, unknown format, no header). */
  file(kind: Kind, line: number | null, message: string): void {
    this.flush();
    this.push({ path: this.path, line, kind, message });
  }

  flush(): void {
    const r = this.run;
    if (r === null) return;
    this.run = null;
    const span = r.last > r.first ? ` (lines ${r.first}-${r.last}, ${r.last - r.first + 1} lines)` : '';
    this.push({ path: this.path, line: r.first, kind: r.kind, message: r.message + span });
  }

  private push(issue: ParseIssue): void {
    this.total++;
    this.byKind[issue.kind] = (this.byKind[issue.kind] ?? 0) + 1;
    if (this.kept.length < this.max) this.kept.push(issue);
  }
}
