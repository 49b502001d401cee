// What failed, in a few lines at the very end of `npm test`: CI keeps only the tail of the log,
// and the reporters' own failure sections (the assertion, the expected and received values)
// scroll out of it behind attachments and summaries. Reads the JSON reports Playwright and
// Vitest write beside their usual output (playwright.config.ts, vitest.config.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const reportFiles = { 'unit + integration': 'test-results/vitest-report.json', 'end-to-end': 'test-results/e2e-report.json' };

const maxFailures = 5;
const linesPerFailure = 4;
const lineWidth = 200;

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

/** The first lines of an error message that say something, without colours, each cut to one screen line. */
function firstLines(message) {
  return String(message ?? '')
    .replace(ansi, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !/^\s*at /.test(l))
    .slice(0, linesPerFailure)
    .map((l) => (l.length > lineWidth ? `${l.slice(0, lineWidth - 1)}…` : l));
}

/** Failed tests of a Playwright JSON report: where, which, and the start of each error. */
export function playwrightFailures(report) {
  const failures = [];
  const visit = (suite, titles) => {
    const path = suite.title && !suite.title.endsWith('.ts') ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue;
        const errors = t.results?.at(-1)?.errors ?? [];
        // Which line of the spec threw: the assertion that failed, or the step that timed out.
        const at = errors.find((e) => e.location)?.location;
        const lines = errors.flatMap((e) => firstLines(e.message)).slice(0, linesPerFailure);
        if (at) lines.push(`(at ${relative(process.cwd(), at.file)}:${at.line})`);
        failures.push({ where: `${spec.file}:${spec.line}`, title: [...path, spec.title].join(' › '), lines });
      }
    }
    for (const child of suite.suites ?? []) visit(child, path);
  };
  for (const suite of report.suites ?? []) visit(suite, []);
  for (const error of report.errors ?? []) failures.push({ where: 'outside a test', title: '', lines: firstLines(error.message) });
  return failures;
}

/** Failed tests of a Vitest JSON report, and files that failed before any test ran. */
export function vitestFailures(report) {
  const failures = [];
  for (const file of report.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    const where = relative(process.cwd(), file.name ?? '');
    for (const a of failed) {
      const message = (a.failureMessages ?? []).join('\n');
      const lines = firstLines(message);
      // Which line of the project threw: the first frame outside node_modules.
      const frame = message.split('\n').map((l) => /^\s*at .*?(?:file:\/\/)?(\/[^\s():]+):(\d+):\d+\)?$/.exec(l)).find((m) => m && !m[1].includes('/node_modules/'));
      if (frame) lines.push(`(at ${relative(process.cwd(), frame[1])}:${frame[2]})`);
      failures.push({ where, title: a.fullName, lines });
    }
    if (failed.length === 0 && file.status === 'failed') failures.push({ where, title: '(the file)', lines: firstLines(file.message) });
  }
  return failures;
}

/** The digest's lines for one step's failures. */
export function digestLines(step, failures) {
  if (failures.length === 0) return [`${step}: no failed test in its report (the step itself failed: see above)`];
  const lines = [`${step}: ${failures.length} failed`];
  for (const f of failures.slice(0, maxFailures)) {
    lines.push(`  ✘ ${f.where}${f.title ? ` › ${f.title}` : ''}`);
    for (const l of f.lines) lines.push(`      ${l.trim()}`);
  }
  if (failures.length > maxFailures) lines.push(`  … and ${failures.length - maxFailures} more`);
  return lines;
}

/** The digest for a failed step of `npm test`, or undefined where the step writes no report or wrote none this run. */
export function failureDigest(step, startedAtMs, root = process.cwd()) {
  const file = reportFiles[step] && join(root, reportFiles[step]);
  if (!file || !existsSync(file)) return undefined;
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [`${step}: its report ${reportFiles[step]} is not readable JSON`];
  }
  const written = step === 'end-to-end' ? Date.parse(report.stats?.startTime ?? '') : Number(report.startTime);
  if (!(written >= startedAtMs - 1000)) return undefined; // a report left from an earlier run
  return digestLines(step, step === 'end-to-end' ? playwrightFailures(report) : vitestFailures(report));
}
