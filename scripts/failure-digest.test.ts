import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestLines, failureDigest, playwrightFailures, vitestFailures } from './failure-digest.mjs';

// Shaped like the reports Playwright's and Vitest's JSON reporters wrote for a failing spec and test here.
const colouredExpect = 'Error: one is two\n\n\u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22mtoBe\u001b[2m(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m)\u001b[22m\n\nExpected: \u001b[32m2\u001b[39m\nReceived: \u001b[31m1\u001b[39m\nCall log:\n  - waiting';
const spec = (title: string, line: number, status: string, errors: object[] = []) => ({ title, file: 'e2e/a.spec.ts', line, tests: [{ status, results: [{ status: 'x', errors }] }] });
const playwrightReport = (startTime: string) => ({
  stats: { startTime },
  suites: [
    {
      title: 'e2e/a.spec.ts',
      file: 'e2e/a.spec.ts',
      specs: [],
      suites: [
        {
          title: 'card pulled',
          specs: [
            spec('on the receipt', 201, 'unexpected', [{ message: colouredExpect, location: { file: join(process.cwd(), 'test/e2e/a.spec.ts'), line: 113 } }]),
            spec('passes', 210, 'expected'),
            spec('passed on retry', 220, 'flaky', [{ message: 'Error: once' }]),
            spec('skipped', 230, 'skipped'),
          ],
        },
      ],
    },
  ],
  errors: [],
});

describe('the digest of what failed', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('names a failed end-to-end spec by file, line and titles, with the assertion and the line that threw, without colours', () => {
    const failures = playwrightFailures(playwrightReport(new Date().toISOString()));
    expect(failures).toEqual([
      { where: 'e2e/a.spec.ts:201', title: 'card pulled › on the receipt', lines: ['Error: one is two', 'expect(received).toBe(expected)', 'Expected: 2', 'Received: 1', '(at test/e2e/a.spec.ts:113)'] },
    ]);
  });

  it('names failed unit tests with the project line that threw, and a file that failed before any test ran', () => {
    const message = `AssertionError: expected 1 to be 2\n    at ${join(process.cwd(), 'main/x.test.ts')}:2:76\n    at file://${join(process.cwd(), 'node_modules/vitest/dist/run.js')}:1695:35`;
    const failures = vitestFailures({
      startTime: Date.now(),
      testResults: [
        { name: join(process.cwd(), 'main/x.test.ts'), status: 'failed', assertionResults: [{ fullName: 'x adds', status: 'failed', failureMessages: [message] }, { fullName: 'x ok', status: 'passed', failureMessages: [] }] },
        { name: join(process.cwd(), 'main/y.test.ts'), status: 'failed', message: 'Failed to load url ./gone', assertionResults: [] },
        { name: join(process.cwd(), 'main/z.test.ts'), status: 'passed', assertionResults: [] },
      ],
    });
    expect(failures).toEqual([
      { where: 'main/x.test.ts', title: 'x adds', lines: ['AssertionError: expected 1 to be 2', '(at main/x.test.ts:2)'] },
      { where: 'main/y.test.ts', title: '(the file)', lines: ['Failed to load url ./gone'] },
    ]);
  });

  it('stays short: five failures at most, four lines each, each line cut to 200 characters', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ where: `f${i}`, title: `t${i}`, lines: ['x'] }));
    const lines = digestLines('end-to-end', many);
    expect(lines[0]).toBe('end-to-end: 7 failed');
    expect(lines.filter((l) => l.startsWith('  ✘'))).toHaveLength(5);
    expect(lines.at(-1)).toBe('  … and 2 more');
    const long = playwrightFailures({ suites: [{ title: 'a.spec.ts', specs: [spec('t', 1, 'unexpected', [{ message: `${'y'.repeat(300)}\n2\n3\n4\n5\n6` }])] }] })[0]!;
    expect(long.lines).toHaveLength(4);
    expect(long.lines[0]).toHaveLength(200);
  });

  it('reads the report the step wrote in this run, and ignores one left from an earlier run', () => {
    const root = mkdtempSync(join(tmpdir(), 'digest-'));
    dirs.push(root);
    mkdirSync(join(root, 'test-results'));
    const started = Date.now();
    writeFileSync(join(root, 'test-results/e2e-report.json'), JSON.stringify(playwrightReport(new Date(started + 50).toISOString())));
    expect(failureDigest('end-to-end', started, root)?.slice(0, 2)).toEqual(['end-to-end: 1 failed', '  ✘ e2e/a.spec.ts:201 › card pulled › on the receipt']);
    writeFileSync(join(root, 'test-results/e2e-report.json'), JSON.stringify(playwrightReport(new Date(started - 3_600_000).toISOString())));
    expect(failureDigest('end-to-end', started, root)).toBeUndefined();
    writeFileSync(join(root, 'test-results/e2e-report.json'), '{"stats": ');
    expect(failureDigest('end-to-end', started, root)).toEqual(['end-to-end: its report test-results/e2e-report.json is not readable JSON']);
    expect(failureDigest('lint', started, root)).toBeUndefined();
    expect(digestLines('end-to-end', [])).toEqual(['end-to-end: no failed test in its report (the step itself failed: see above)']);
  });
});
