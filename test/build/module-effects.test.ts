/**
 * The bundle step (scripts/build/bundle.mjs) leaves out any module none of whose exports an entry
 * uses. That is only safe while our modules declare things and never act when loaded: a module
 * that registered itself somewhere at its top level would silently vanish from a bundle. This
 * test holds that line: outside the program entries, a module's top level has only imports,
 * exports and declarations (a `const` may be computed; a bare call, `if` or loop may not, except
 * the guard of a file that can also be run as a script).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script without type declarations
import { ENTRIES } from '../../scripts/build/bundle.mjs';

const SRC = path.join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

const RUN_AS_SCRIPT = /process\.argv\[1\][\s\S]*import\.meta\.url|import\.meta\.url[\s\S]*process\.argv\[1\]/;

/** Top-level statements that act when the module is loaded. */
function actions(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  for (const st of sf.statements) {
    const declares =
      ts.isImportDeclaration(st) ||
      ts.isImportEqualsDeclaration(st) ||
      ts.isExportDeclaration(st) ||
      ts.isExportAssignment(st) ||
      ts.isFunctionDeclaration(st) ||
      ts.isClassDeclaration(st) ||
      ts.isInterfaceDeclaration(st) ||
      ts.isTypeAliasDeclaration(st) ||
      ts.isEnumDeclaration(st) ||
      ts.isModuleDeclaration(st) ||
      ts.isVariableStatement(st) ||
      ts.isEmptyStatement(st) ||
      // `if (<this file is the program>) …`: a script's own entry, inert when imported.
      (ts.isIfStatement(st) && RUN_AS_SCRIPT.test(st.expression.getText(sf)));
    if (!declares) {
      const { line } = sf.getLineAndCharacterOfPosition(st.getStart(sf));
      out.push(`${path.relative(SRC, file)}:${line + 1}: ${st.getText(sf).split('\n')[0]}`);
    }
  }
  return out;
}

describe('modules only declare (what the bundle step relies on)', () => {
  it('no top-level call, if or loop outside the program entries', () => {
    const entries = new Set((ENTRIES as string[]).map((e) => path.join(SRC, e.replace(/\.js$/, '.ts'))));
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const found = files.filter((f) => !entries.has(f)).flatMap(actions);
    expect(found).toEqual([]);
  });

  it('sees a top-level action when there is one (the entries have theirs)', () => {
    expect(actions(path.join(SRC, 'cli/main.ts')).length).toBeGreaterThan(0);
  });
});
