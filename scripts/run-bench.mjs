// `npm run bench [-- name …]`: runs the benchmarks in bench/ on purpose (they are not tests),
// each printing one JSON object; results are also written to bench/results/<name>.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const wanted = process.argv.slice(2);
const all = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const names = wanted.length > 0 ? wanted : all;
mkdirSync(join(root, 'bench/results'), { recursive: true });

let failed = 0;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${all.join(', ')}`);
    failed++;
    continue;
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', `${name}.bench.ts`)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const out = run.stdout.trim();
  process.stdout.write(`${out}\n`);
  if (run.status !== 0) {
    failed++;
    continue;
  }
  writeFileSync(join(root, 'bench/results', `${name}.json`), `${out}\n`);
}
process.exitCode = failed ? 1 : 0;
