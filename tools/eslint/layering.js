/**
 * ESLint rule `exhunt/layering`: the dependency direction of DESIGN.md, checked by lint.
 *
 * Every folder directly under `src/` is a module. A module may import only the modules listed
 * for it in `LAYERS`, and only through their `index.ts` door (no deep imports into another
 * module's files). Imports inside one module are free.
 */
import path from 'node:path';

/** module → modules it may import. Anything not listed here may not be imported at all. */
export const LAYERS = {
  escape: [],
  knowledge: [],
  evidence: [],
  parsers: ['evidence'],
  detect: ['parsers', 'evidence', 'knowledge'],
  findings: ['detect', 'knowledge'],
  hunt: ['findings', 'detect', 'parsers', 'evidence', 'knowledge', 'escape'],
  assess: ['knowledge', 'findings', 'escape'],
  probe: ['knowledge', 'escape'],
  lab: ['knowledge', 'probe', 'escape'],
  store: ['assess', 'hunt', 'probe', 'findings', 'knowledge', 'escape'],
  report: ['assess', 'hunt', 'probe', 'findings', 'detect', 'knowledge', 'escape'],
  queue: ['store', 'report', 'assess', 'hunt', 'probe', 'findings', 'knowledge', 'escape'],
  server: ['store', 'report', 'assess', 'hunt', 'probe', 'findings', 'knowledge', 'escape'],
  cli: [
    'server',
    'queue',
    'store',
    'report',
    'assess',
    'lab',
    'hunt',
    'probe',
    'findings',
    'detect',
    'parsers',
    'evidence',
    'knowledge',
    'escape',
  ],
};

function moduleOf(srcRoot, file) {
  const rel = path.relative(srcRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? { name: parts[0], rest: parts.slice(1).join('/') } : { name: '', rest: rel };
}

export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the module dependency direction of DESIGN.md' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const srcRoot = path.join(context.cwd, 'src');
    const from = moduleOf(srcRoot, file);
    if (!from || from.name === '') return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = moduleOf(srcRoot, path.resolve(path.dirname(file), spec));
      if (!target || target.name === from.name) return;
      if (target.name === '') {
        context.report({ node, message: `Bad layering: ${from.name}/ may not import the package root` });
        return;
      }
      const allowed = LAYERS[from.name];
      if (!allowed) {
        context.report({ node, message: `Module ${from.name}/ is not listed in tools/eslint/layering.js` });
        return;
      }
      if (!allowed.includes(target.name)) {
        context.report({ node, message: `Bad layering: ${from.name}/ may not import ${target.name}/` });
        return;
      }
      if (target.rest !== 'index.js' && target.rest !== 'index.ts') {
        context.report({ node, message: `Import ${target.name}/ through its index.ts, not ${target.rest}` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
