// @ts-check
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's import graph of product code (main/, native/, renderer/, service/; tests are
 * leaves and left out), read once per lint run, for the layering rule's circle checks.
 */

const productRoots = ['main', 'native', 'renderer', 'service'];
const sourceFile = /\.(ts|tsx|mjs|js)$/;
const testFile = /\.(test|spec)\.tsx?$/;
const importSpec = /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|(?:^|[^\w.])import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

/** @type {Map<string, Map<string, string[]>>} */
const graphs = new Map();

/** @param {string} root @param {string} rel a path without or with extension @returns {string | null} the file it names */
export function resolveModule(root, rel) {
  const candidates = [rel, `${rel}.ts`, `${rel}.tsx`, `${rel}/index.ts`, `${rel}/index.tsx`, rel.replace(/\.js$/, '.ts')];
  for (const c of candidates) {
    const abs = path.join(root, c);
    if (existsSync(abs) && statSync(abs).isFile()) return c;
  }
  return null;
}

/** @param {string} root @param {string} dir @param {string[]} out */
function walk(root, dir, out) {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) walk(root, rel, out);
    else if (sourceFile.test(entry.name) && !testFile.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
}

/** The import edges of one file's text, resolved to project files. @param {string} root @param {string} rel @param {string} text */
export function importsOf(root, rel, text) {
  const targets = [];
  for (const match of text.matchAll(importSpec)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (!spec) continue;
    const target = resolveModule(root, path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)));
    if (target) targets.push(target);
  }
  return targets;
}

/** @param {string} root @returns {Map<string, string[]>} */
export function importGraph(root) {
  let graph = graphs.get(root);
  if (graph) return graph;
  graph = new Map();
  const files = [];
  for (const dir of productRoots) if (existsSync(path.join(root, dir))) walk(root, dir, files);
  for (const rel of files) graph.set(rel, importsOf(root, rel, readFileSync(path.join(root, rel), 'utf8')));
  graphs.set(root, graph);
  return graph;
}

/**
 * If `from` importing `to` closes a circle of files, the circle (from, to, …, from); else null.
 * @param {string} root @param {string} from @param {string} toPath @returns {string[] | null}
 */
export function importCircle(root, from, toPath) {
  const to = resolveModule(root, toPath);
  if (!to || to === from) return null;
  const graph = importGraph(root);
  /** @type {Map<string, string>} */
  const cameFrom = new Map([[to, from]]);
  const queue = [to];
  while (queue.length > 0) {
    const at = /** @type {string} */ (queue.shift());
    for (const next of graph.get(at) ?? []) {
      if (next === from) {
        const circle = [from];
        for (let step = at; step !== from; step = /** @type {string} */ (cameFrom.get(step))) circle.splice(1, 0, step);
        return [...circle, from];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

/** @param {string} rel @param {readonly string[]} features */
function featureOf(rel, features) {
  const [top, folder] = rel.split('/');
  return top === 'main' && folder && features.includes(folder) ? folder : null;
}

/**
 * If `from` importing `to` makes two feature folders depend on each other (directly or through
 * others), the circle of folders; else null.
 * @param {string} root @param {string} from @param {string} toPath @param {readonly string[]} features @returns {string[] | null}
 */
export function featureCircle(root, from, toPath, features) {
  const a = featureOf(from, features);
  const b = featureOf(toPath, features);
  if (!a || !b || a === b) return null;
  /** @type {Map<string, Set<string>>} */
  const folders = new Map();
  for (const [file, targets] of importGraph(root)) {
    const f = featureOf(file, features);
    if (!f) continue;
    for (const t of targets) {
      const g = featureOf(t, features);
      if (g && g !== f) (folders.get(f) ?? folders.set(f, new Set()).get(f))?.add(g);
    }
  }
  /** @type {Map<string, string>} */
  const cameFrom = new Map([[b, a]]);
  const queue = [b];
  while (queue.length > 0) {
    const at = /** @type {string} */ (queue.shift());
    for (const next of folders.get(at) ?? []) {
      if (next === a) {
        const circle = [a];
        for (let step = at; step !== a; step = /** @type {string} */ (cameFrom.get(step))) circle.splice(1, 0, step);
        return [...circle, a].map((f) => `main/${f}/`);
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}
