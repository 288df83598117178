/**
 * NestJS 12 ships as ES modules only; Jest (on Node 20) loads test code as CommonJS. This Babel
 * configuration turns those packages into CommonJS for the test runner only (the built service
 * loads them natively).
 */

/** `const require = createRequire(import.meta.url)` is redundant in CommonJS, and would shadow require. */
function dropCreateRequire({ types: t }) {
  return {
    visitor: {
      VariableDeclarator(path) {
        const { id, init } = path.node;
        if (
          t.isIdentifier(id) &&
          (id.name === 'require' || id.name === 'nodeRequire') &&
          t.isCallExpression(init) &&
          t.isIdentifier(init.callee, { name: 'createRequire' })
        ) {
          if (id.name === 'require') path.remove();
          else path.get('init').replaceWith(t.identifier('require'));
        }
      },
    },
  };
}

/** Dynamic `import(x)` needs Jest's experimental ESM mode; `require` does the same job here. */
function dynamicImportToRequire({ types: t }) {
  return {
    visitor: {
      CallExpression(path) {
        if (!t.isImport(path.node.callee)) return;
        // module.require: the file may declare a `var require` of its own (PGlite does), hoisted over this.
        const required = t.callExpression(
          t.memberExpression(t.identifier('module'), t.identifier('require')),
          path.node.arguments,
        );
        path.replaceWith(
          t.callExpression(t.memberExpression(t.identifier('Promise'), t.identifier('resolve')), [required]),
        );
      },
    },
  };
}

module.exports = {
  babelrc: false,
  configFile: false,
  plugins: [
    dropCreateRequire,
    dynamicImportToRequire,
    'babel-plugin-transform-import-meta',
    ['@babel/plugin-transform-modules-commonjs', { importInterop: 'node' }],
  ],
};
