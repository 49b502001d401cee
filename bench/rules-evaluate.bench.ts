/**
 * Evaluates 16,000 participants (the program's size in the case study) with a realistic
 * year of records each, generated deterministically from a seeded PRNG. Prints one JSON
 * object. Not a test: nothing here asserts on time.
 *
 *   npx tsx bench/rules-evaluate.bench.ts
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { evaluateYear, parseEvaluationCase, ruleSet2026 } from '../main/domain';
import { caseGenerator } from './evaluation-cases';

const participants = 16_000;
const targetMs = 1000;

const makeCase = caseGenerator(20260101);
const cases = Array.from({ length: participants }, (_, i) => makeCase(i));
const recordCount = cases.reduce((n, c) => n + c.records.length, 0);

const validationStart = performance.now();
for (const c of cases) parseEvaluationCase(c);
const validationMs = performance.now() - validationStart;

const cpuStart = process.cpuUsage();
const start = performance.now();
let earnedCents = 0;
for (const c of cases) earnedCents += evaluateYear(c, ruleSet2026).amount.earnedCents;
const totalMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);

process.stdout.write(
  `${JSON.stringify({
    name: 'rules-evaluate',
    participants,
    records: recordCount,
    totalMs: Math.round(totalMs * 10) / 10,
    perParticipantUs: Math.round((totalMs * 1000 * 10) / participants) / 10,
    // CPU time of this process during the evaluation; the wall time suffers on a busy machine.
    cpuMs: Math.round((cpu.user + cpu.system) / 100) / 10,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    validationMs: Math.round(validationMs * 10) / 10,
    earnedCentsChecksum: earnedCents,
    target: { totalMs: targetMs },
    met: totalMs <= targetMs,
    node: process.version,
  })}\n`,
);
