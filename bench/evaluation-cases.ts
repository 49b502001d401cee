import type { EvaluationCase, MeasureRecord, Participant } from '../main/domain';
import { seededRandom } from '../test/support/seeded-random';

/**
 * Evaluation cases for the rules benchmarks: one participant's year each, with 4 to 16 records
 * (ten on average), a quarter of them children, generated deterministically from the seed.
 * `makeCase(i)` must be called with i = 0, 1, 2, … in order for the same seed to give the same cases.
 */
export function caseGenerator(seed: number): (index: number) => EvaluationCase {
  const random = seededRandom(seed);
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
  return makeCase;
}
