// `npm test`: every check the project has, in the order that fails fastest.
// Lint and types first, then unit and integration tests (Vitest), then the production build,
// the end-to-end specs in Chromium against the loopback host (Playwright), and the packaging check.
import { spawnSync } from 'node:child_process';
import { failureDigest } from './failure-digest.mjs';

const steps = [
  ['lint', ['run', 'lint']],
  ['type-check', ['run', 'typecheck']],
  ['unit + integration', ['run', 'test:unit']],
  ['build', ['run', 'build']],
  ['end-to-end', ['run', 'test:e2e']],
  ['packaging', ['run', 'test:pack']],
];

const only = process.argv.slice(2);
const results = [];
for (const [name, args] of steps) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  const run = spawnSync('npm', args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ok: run.status === 0, seconds, started });
  if (run.status !== 0) break;
}

process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)\n`);
const failed = results.filter((r) => !r.ok).length;
for (const r of results.filter((x) => !x.ok)) {
  const digest = failureDigest(r.name, r.started);
  if (digest) process.stdout.write(`\n=== what failed ===\n${digest.join('\n')}\n`);
}
process.exitCode = failed === 0 && results.length > 0 ? 0 : 1;
