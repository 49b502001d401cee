import type { CalendarDate } from '../calendar/calendar-date';
import { ruleSet2026 } from '../catalog/catalog-2026';
import type { RuleParameters, RuleSet } from '../catalog/measure';
import { withParameters } from '../catalog/select';
import type { Declaration, EvaluationCase, MeasureRecord, Participant } from '../case/schema';
import { type YearEvaluation, evaluateYear } from '../evaluation/evaluate-year';
import type { FieldEvaluation } from '../evaluation/field-status';

/**
 * Small builders for cases, shared by the domain's tests and usable by the station's and the
 * service's tests. Defaults describe an ordinary adult member taking part in 2026.
 */

export function declaration(overrides: Partial<Declaration> = {}): Declaration {
  return {
    year: 2026,
    declaredOn: '2026-01-15',
    channel: 'kiosk',
    declaredBy: { role: 'self', personRef: 'P-1' },
    consentSgbV284: true,
    termsVersion: '2026-01-01',
    ...overrides,
  };
}

export function participant(overrides: Partial<Participant> = {}): Participant {
  return {
    ref: 'P-1',
    birthDate: '1980-06-15',
    memberships: [{ from: '2000-01-01' }],
    declarations: [declaration()],
    history: { checkUps: [], payouts: [] },
    ...overrides,
  };
}

/** A child under 15, declared by the primary insured as legal representative. */
export function childParticipant(birthDate: CalendarDate = '2016-04-10', overrides: Partial<Participant> = {}): Participant {
  return participant({
    ref: 'C-1',
    birthDate,
    primaryInsuredRef: 'P-1',
    declarations: [declaration({ declaredBy: { role: 'legal_representative', personRef: 'P-1' } })],
    ...overrides,
  });
}

let counter = 0;

export function record(measure: number, date: CalendarDate, overrides: Partial<MeasureRecord> = {}): MeasureRecord {
  counter += 1;
  return {
    id: `r-${String(counter).padStart(4, '0')}`,
    participantRef: overrides.participantRef ?? 'P-1',
    measure,
    date,
    evidence: measure === 5 || measure === 6 ? 'insurer_event_confirmation' : 'booklet_stamp',
    review: 'accepted',
    ...overrides,
  };
}

export function caseOf(who: Participant, records: MeasureRecord[], overrides: Partial<EvaluationCase> = {}): EvaluationCase {
  return { participant: who, year: 2026, records, asOf: '2026-12-31', ...overrides };
}

export function evaluate(c: EvaluationCase, parameters: Partial<RuleParameters> = {}, ruleSet: RuleSet = ruleSet2026): YearEvaluation {
  return evaluateYear(c, withParameters(ruleSet, parameters));
}

export function fieldOf(result: YearEvaluation, field: number): FieldEvaluation {
  const found = result.fields.find((f) => f.field === field);
  if (!found) throw new Error(`No field ${field} in the ${result.program} booklet`);
  return found;
}

/** Records for a child: the child's own ref. */
export function childRecord(measure: number, date: CalendarDate, overrides: Partial<MeasureRecord> = {}): MeasureRecord {
  return record(measure, date, { participantRef: 'C-1', ...overrides });
}
