import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exitCode, type CliIo } from '../command';
import { runCli } from '../station';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const examplePath = 'docs/examples/rules-case.json';

function fakeIo(stdin = ''): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    readStdin: async () => stdin,
    env: {},
    cwd: root,
  };
  return io;
}

describe('station rules evaluate', () => {
  it('evaluates the documented example case (docs/examples/rules-case.json)', async () => {
    const io = fakeIo();
    expect(await runCli(['rules', 'evaluate', examplePath], io)).toBe(exitCode.ok);
    const result = JSON.parse(io.out);
    expect(result).toMatchObject({ participantRef: 'A123456789', year: 2026, program: 'adult', claim: { status: 'open' } });
    expect(result.amount).toEqual({ earnedCents: 7000, payableCents: 7000, maximumCents: 12000 });
    expect(result.stillEarnable).toEqual({ fields: [4, 9, 10, 11], cents: 4000 });
    const reasons = Object.fromEntries(result.records.map((r: { recordId: string; reason: string }) => [r.recordId, r.reason]));
    expect(reasons).toMatchObject({ 'rec-09': 'before_participation', 'rec-06': 'limit_reached', 'rec-08': 'evidence_in_review', 'rec-11': 'wrong_participant' });
  });

  it('reads the case from stdin with "-"', async () => {
    const io = fakeIo(readFileSync(`${root}${examplePath}`, 'utf8'));
    expect(await runCli(['rules', 'evaluate', '-'], io)).toBe(exitCode.ok);
    expect(JSON.parse(io.out).amount.earnedCents).toBe(7000);
  });

  it('names the offending field of an invalid case', async () => {
    const example = JSON.parse(readFileSync(`${root}${examplePath}`, 'utf8'));
    example.records[2].date = '2026-13-01';
    delete example.participant.birthDate;
    const io = fakeIo(JSON.stringify(example));
    expect(await runCli(['rules', 'evaluate', '-'], io)).toBe(exitCode.invalidInput);
    expect(io.err).toContain('records.2.date: expected YYYY-MM-DD');
    expect(io.err).toContain('participant.birthDate:');
    expect(io.out).toBe('');
  });

  it('refuses text that is not JSON, and a missing file', async () => {
    const io = fakeIo('{ not json');
    expect(await runCli(['rules', 'evaluate', '-'], io)).toBe(exitCode.invalidInput);
    expect(io.err).toContain('not valid JSON');
    const missing = fakeIo();
    expect(await runCli(['rules', 'evaluate', 'docs/examples/does-not-exist.json'], missing)).toBe(exitCode.invalidInput);
  });

  it('refuses a year no rule set governs', async () => {
    const example = JSON.parse(readFileSync(`${root}${examplePath}`, 'utf8'));
    example.year = 2024;
    const io = fakeIo(JSON.stringify(example));
    expect(await runCli(['rules', 'evaluate', '-'], io)).toBe(exitCode.invalidInput);
    expect(io.err).toContain('year: no rule set in force for 2024');
  });

  it('--as-of overrides the case\'s moment (after the deadline: no claim)', async () => {
    const io = fakeIo();
    expect(await runCli(['rules', 'evaluate', examplePath, '--as-of', '2027-07-01T00:00:00+02:00'], io)).toBe(exitCode.ok);
    expect(JSON.parse(io.out).claim.status).toBe('expired');
  });

  it('shows usage for a missing argument and prints the terms view readings', async () => {
    expect(await runCli(['rules', 'evaluate'], fakeIo())).toBe(exitCode.usage);
    const io = fakeIo();
    expect(await runCli(['rules', 'terms'], io)).toBe(exitCode.ok);
    expect(JSON.parse(io.out).readings.map((r: { parameter: string }) => r.parameter)).toContain('childBonus');
  });
});

describe('docs/rules-case-format.md', () => {
  it('shows exactly the shipped example file', () => {
    const doc = readFileSync(`${root}docs/rules-case-format.md`, 'utf8');
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');
    const example = JSON.parse(readFileSync(`${root}${examplePath}`, 'utf8'));
    expect(blocks.some((b) => JSON.stringify(JSON.parse(b)) === JSON.stringify(example))).toBe(true);
  });
});
