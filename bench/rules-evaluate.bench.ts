/**
 * Evaluates 16,000 participants (the program's size in the case study) with a realistic
 * year of records each, generated deterministically from a seeded PRNG. Prints one JSON
 * object. Not a test: nothing here asserts on time.
 *
 *   npx tsx bench/rules-evaluate.bench.ts
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type EvaluationCase, type MeasureRecord, type Participant, evaluateYear, parseEvaluationCase, ruleSet2026 } from '../main/domain';
import { seededRandom } from '../test/support/seeded-random';

const participants = 16_000;
const targetMs = 1000;


const random = seededRandom(20260101);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pad = (n: number) => String(n).padStart(2, '0');
const dateIn = (year: number, fromMonth = 1, toMonth = 12) => `${year}-${pad(int(fromMonth, toMonth))}-${pad(int(1, 28))}`;

function makeCase(index: number): EvaluationCase {
  const ref = `P${String(index).padStart(9, '0')}`;
  const child = random() < 0.25;
  const birthDate = child ? dateIn(int(2012, 2024)) : dateIn(int(1950, 2008));
  const midYearMember = random() < 0.05;
  const participant: Participant = {
    ref,
    birthDate,
    memberships: [{ from: midYearMember ? dateIn(2026, 2, 8) : '2001-01-01' }],
    declarations: [
      {
        year: 2026,
        declaredOn: dateIn(2026, 1, 6),
        channel: pick(['kiosk', 'app', 'paper', 'clerk'] as const),
        declaredBy: child ? { role: 'legal_representative', personRef: `H${index}` } : { role: 'self', personRef: ref },
        consentSgbV284: true,
        termsVersion: '2026-01-01',
      },
    ],
    history: { checkUps: random() < 0.5 ? [dateIn(int(2015, 2025))] : [], payouts: random() < 0.6 ? [{ id: `PAY-${index}`, year: 2025, amountCents: int(1, 8) * 1000, paidOn: dateIn(2026, 1, 6) }] : [] },
  };
  const measures = child ? [13, 14, 15, 16, 17, 18, 18] : [1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12, 12];
  const records: MeasureRecord[] = [];
  const count = int(4, 16);
  for (let i = 0; i < count; i += 1) {
    const measure = pick(measures);
    records.push({
      id: `${ref}-${i}`,
      participantRef: random() < 0.01 ? 'P-other' : ref,
      measure,
      date: random() < 0.03 ? dateIn(2025) : dateIn(2026),
      evidence: measure === 5 || measure === 6 ? pick(['insurer_event_confirmation', 'certificate_photo'] as const) : pick(['booklet_stamp', 'certificate_photo', 'dated_self_declaration'] as const),
      review: random() < 0.85 ? 'accepted' : random() < 0.7 ? 'pending' : 'rejected',
      ...(measure === 3 || measure === 4 || measure === 15 ? { topic: pick(['movement', 'nutrition', 'relaxation', 'active_week']) } : {}),
      ...(measure === 5 || measure === 6 ? { eventId: `BGF-${int(1, 40)}` } : {}),
    });
  }
  return { participant, year: 2026, records, asOf: '2026-12-31T12:00:00+01:00' };
}

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
