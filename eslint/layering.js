// @ts-check
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * The project's layering rule (docs/DESIGN.md "Layout"), checked on resolved paths so that a
 * relative import is judged by where it lands, not by how it is spelled. Set to error, with
 * no exemption list.
 */

const builtins = new Set(builtinModules);
/** Packages that do I/O or need Node; pure and browser code may not import them. */
const ioPackages = new Set(['better-sqlite3-multiple-ciphers', 'ws', 'smartcard', 'usb', 'sharp', 'fastify', 'pg', '@electric-sql/pglite', 'electron', 'tsx']);

/** @param {string} rel path relative to the project root, with forward slashes */
export function layerOf(rel) {
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('main/contract/')) return 'contract';
  if (rel.startsWith('main/domain/')) return 'domain';
  if (rel.startsWith('main/app/')) return 'app';
  if (rel.startsWith('main/preload/')) return 'preload';
  if (rel.startsWith('main/')) return 'main';
  if (rel.startsWith('native/')) return 'native';
  if (rel.startsWith('service/')) return 'service';
  return 'tooling'; // test/, bench/, scripts/, config files
}

const pure = new Set(['contract', 'domain']);
const mainSide = new Set(['main', 'app', 'preload']);

/**
 * @param {string} from layer of the importing file
 * @param {{ kind: 'package', name: string } | { kind: 'file', layer: string }} target
 * @returns {string | null} why the import is not allowed, or null
 */
export function violation(from, target) {
  if (target.kind === 'package') {
    const name = target.name;
    const isBuiltin = name.startsWith('node:') || builtins.has(name) || builtins.has(name.split('/')[0] ?? '');
    if (name === 'electron' && from !== 'app' && from !== 'preload') return 'Only main/app and main/preload import electron.';
    if (from === 'renderer' && isBuiltin) return 'The renderer runs without Node: no Node modules.';
    if (from === 'renderer' && ioPackages.has(name)) return `The renderer has no I/O of its own (${name}); go through the contract.`;
    if (pure.has(from) && (isBuiltin || ioPackages.has(name))) return `main/${from} is pure: no I/O modules (${name}).`;
    return null;
  }
  const to = target.layer;
  if (to === 'native' && !(mainSide.has(from) || from === 'native' || from === 'tooling')) return 'Only main imports native/ (hardware adapters).';
  if (pure.has(from) && !pure.has(to)) return `main/${from} is pure and imports only main/contract and main/domain.`;
  if (from === 'renderer' && !(to === 'renderer' || pure.has(to))) return 'The renderer may import only main/contract and main/domain; everything else goes through the contract.';
  if (from === 'preload' && !(to === 'preload' || to === 'contract')) return 'The preload exposes the contract and nothing else.';
  if (from === 'service' && !(to === 'service' || pure.has(to))) return 'The service shares only main/contract and main/domain with the station.';
  if (to === 'app' && from !== 'app' && from !== 'tooling') return 'main/app is the Electron composition root; nothing imports it.';
  if (to === 'renderer' && from !== 'renderer' && from !== 'tooling') return 'Only the renderer imports renderer code.';
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import layering between renderer, main, native and service' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
  },
  create(context) {
    const root = /** @type {{ root?: string }} */ (context.options[0] ?? {}).root ?? context.cwd;
    const file = context.filename;
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (rel.startsWith('..')) return {};
    const from = layerOf(rel);
    const isTestFile = /\.test\.tsx?$/.test(rel);

    /** @param {import('estree').Node} node @param {unknown} source */
    function check(node, source) {
      if (typeof source !== 'string') return;
      let target;
      if (source.startsWith('.') || source.startsWith('/')) {
        const resolved = path.relative(root, path.resolve(path.dirname(file), source)).split(path.sep).join('/');
        target = /** @type {const} */ ({ kind: 'file', layer: layerOf(`${resolved}/`) === 'tooling' ? layerOf(resolved) : layerOf(`${resolved}/`) });
      } else {
        const parts = source.split('/');
        const name = source.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? source);
        target = /** @type {const} */ ({ kind: 'package', name: source.startsWith('node:') ? source : name });
      }
      // Tooling may read Electron's package metadata (its version, where its binary is): that is not the Electron API.
      if (from === 'tooling' && source === 'electron/package.json') return;
      // A test may use the shared test support (test/…) whatever layer it tests.
      if (isTestFile && target.kind === 'file' && target.layer === 'tooling') return;
      const why = violation(from, target);
      if (why) context.report({ node, message: `Import of "${source}" crosses a layer boundary: ${why}` });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value);
      },
    };
  },
};

export default { rules: { layering: rule } };
