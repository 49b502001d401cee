// @ts-check
import { builtinModules } from 'node:module';
import path from 'node:path';
import { importCircle, featureCircle } from './import-graph.js';

/**
 * The project's floor plan (docs/architecture.md), checked on resolved paths so that a relative
 * import is judged by where it lands, not by how it is spelled. Set to error, with no exemption list.
 *
 * Inside main/ the layers are, from the bottom:
 *   0  contract/, domain/           pure TypeScript, no I/O; shared with renderer, native and service
 *   1  runtime/                     service lifecycle, event hub, dispatcher, logger
 *   2  store/, config/              the encrypted database and its repositories; the station configuration
 *   3  feature folders              card/, kiosk/, clerk/, field/, sync/, staff/, scanning/, imaging/, printing/
 *   4  station/                     composition: builds a station of one mode from the features
 *   5  app/, cli/, host/            entry points: Electron, the command line, the loopback host
 * A file may import its own layer or below, never above; entry points do not import each other;
 * feature folders may use one another but never in a circle; no file takes part in an import circle.
 */

const builtins = new Set(builtinModules);
/** Packages that do I/O or need Node; pure and browser code may not import them. */
const ioPackages = new Set(['better-sqlite3-multiple-ciphers', 'ws', 'smartcard', 'usb', 'sharp', 'fastify', 'pg', '@electric-sql/pglite', 'electron', 'tsx']);

/** The layer of each folder directly under main/; a folder not listed here is not part of the plan. */
export const mainLayers = /** @type {const} */ ({
  contract: 0,
  domain: 0,
  runtime: 1,
  store: 2,
  config: 2,
  card: 3,
  kiosk: 3,
  clerk: 3,
  field: 3,
  sync: 3,
  staff: 3,
  scanning: 3,
  imaging: 3,
  printing: 3,
  station: 4,
  app: 5,
  cli: 5,
  host: 5,
});
export const featureFolders = Object.entries(mainLayers)
  .filter(([, layer]) => layer === 3)
  .map(([name]) => name);

/**
 * Where a file sits: its area (renderer, main, preload, native, service, tooling) and, inside
 * main/, its folder and layer.
 * @param {string} rel path relative to the project root, with forward slashes
 * @returns {{ area: 'renderer' | 'main' | 'preload' | 'native' | 'service' | 'tooling', folder?: string, layer?: number }}
 */
export function placeOf(rel) {
  if (rel.startsWith('renderer/')) return { area: 'renderer' };
  if (rel.startsWith('native/')) return { area: 'native' };
  if (rel.startsWith('service/')) return { area: 'service' };
  if (rel.startsWith('main/preload/')) return { area: 'preload' };
  if (rel.startsWith('main/')) {
    const folder = rel.split('/')[1] ?? '';
    const layer = /** @type {Record<string, number>} */ (mainLayers)[folder];
    return { area: 'main', folder, ...(layer === undefined ? {} : { layer }) };
  }
  return { area: 'tooling' }; // test/, bench/, scripts/, config files
}

/** @param {{ area: string, folder?: string, layer?: number }} p */
const isPure = (p) => p.area === 'main' && p.layer === 0;
/** @param {{ area: string, folder?: string }} p */
const isContract = (p) => p.area === 'main' && p.folder === 'contract';

/**
 * @param {{ area: string, folder?: string, layer?: number }} from place of the importing file
 * @param {{ kind: 'package', name: string } | { kind: 'file', place: { area: string, folder?: string, layer?: number } }} target
 * @returns {string | null} why the import is not allowed, or null
 */
export function violation(from, target) {
  if (from.area === 'main' && from.layer === undefined) return `main/${from.folder}/ is not a folder of the floor plan (eslint/layering.js mainLayers, docs/architecture.md).`;
  if (target.kind === 'package') {
    const name = target.name;
    const isBuiltin = name.startsWith('node:') || builtins.has(name) || builtins.has(name.split('/')[0] ?? '');
    if (name === 'electron' && !(from.area === 'preload' || (from.area === 'main' && from.folder === 'app'))) return 'Only main/app and main/preload import electron.';
    if (from.area === 'renderer' && isBuiltin) return 'The renderer runs without Node: no Node modules.';
    if (from.area === 'renderer' && ioPackages.has(name)) return `The renderer has no I/O of its own (${name}); go through the contract.`;
    if (isPure(from) && (isBuiltin || ioPackages.has(name))) return `main/${from.folder} is pure: no I/O modules (${name}).`;
    return null;
  }
  const to = target.place;
  if (to.area === 'tooling' && from.area !== 'tooling') return 'Product code does not import test/, bench/ or scripts/.';
  if (to.area === 'renderer' && from.area !== 'renderer' && from.area !== 'tooling') return 'Only the renderer imports renderer code.';
  if (from.area === 'tooling') return null;
  if (from.area === 'renderer') return to.area === 'renderer' || isPure(to) ? null : 'The renderer may import only main/contract and main/domain; everything else goes through the contract.';
  if (from.area === 'preload') return to.area === 'preload' || isContract(to) ? null : 'The preload exposes the contract and nothing else.';
  if (from.area === 'service') return to.area === 'service' || isPure(to) ? null : 'The service shares only main/contract and main/domain with the station.';
  if (from.area === 'native') return to.area === 'native' || isContract(to) ? null : 'native/ holds hardware adapters: it may use the shared contract, never the rest of main/.';
  // from main/
  if (to.area === 'preload') return 'Nothing imports the preload script.';
  if (to.area === 'service') return 'The station never imports the service; they share main/contract.';
  if (to.area === 'native') return /** @type {number} */ (from.layer) >= 3 ? null : `main/${from.folder} is below the feature folders and uses no hardware adapter (native/).`;
  if (to.area !== 'main' || to.layer === undefined) return null;
  const fromLayer = /** @type {number} */ (from.layer);
  if (to.layer > fromLayer) return `main/${from.folder} (layer ${fromLayer}) may not import main/${to.folder} (layer ${to.layer}): imports go down the floor plan, never up.`;
  if (fromLayer === 5 && to.layer === 5 && to.folder !== from.folder) return `Entry points do not import each other (main/${from.folder} → main/${to.folder}); shared code belongs in main/station or below.`;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the floor plan: layers of main/, renderer, native and service, and no import circles' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
  },
  create(context) {
    const root = /** @type {{ root?: string }} */ (context.options[0] ?? {}).root ?? context.cwd;
    const file = context.filename;
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (rel.startsWith('..')) return {};
    const from = placeOf(rel);
    const isTestFile = /\.(test|spec)\.tsx?$/.test(rel);

    /** @param {import('estree').Node} node @param {unknown} source */
    function check(node, source) {
      if (typeof source !== 'string') return;
      let target;
      let resolvedRel = null;
      if (source.startsWith('.') || source.startsWith('/')) {
        resolvedRel = path.relative(root, path.resolve(path.dirname(file), source)).split(path.sep).join('/');
        target = /** @type {const} */ ({ kind: 'file', place: placeOf(resolvedRel) });
      } else {
        const parts = source.split('/');
        const name = source.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? source);
        target = /** @type {const} */ ({ kind: 'package', name: source.startsWith('node:') ? source : name });
      }
      // Tooling may read Electron's package metadata (its version, where its binary is): that is not the Electron API.
      if (from.area === 'tooling' && source === 'electron/package.json') return;
      // A test sits beside the code it tests but is not product code: it may use the shared test
      // support (test/…) and start the real service as the station's peer.
      if (isTestFile && target.kind === 'file' && (target.place.area === 'tooling' || target.place.area === 'service')) return;
      const why = violation(from, target);
      if (why) return context.report({ node, message: `Import of "${source}" crosses a layer boundary: ${why}` });
      if (resolvedRel === null || from.area === 'tooling' || isTestFile) return;
      const circle = importCircle(root, rel, resolvedRel);
      if (circle) return context.report({ node, message: `Import of "${source}" closes an import circle: ${circle.join(' → ')}` });
      const folders = featureCircle(root, rel, resolvedRel, featureFolders);
      if (folders) context.report({ node, message: `Import of "${source}" makes the feature folders depend on each other in a circle: ${folders.join(' → ')}` });
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
