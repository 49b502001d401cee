import type { Evaluation, SubmissionUpload } from '../../main/contract/service-api';
import { berlinDateOf, catalogFor, evaluateYear, knownRuleSets, parseEvaluationCase, programFor, type EvaluationCaseInput, type EvidenceKind, type RuleSet } from '../../main/domain';

/**
 * The seam between the service and the shared Bonus ABC rules engine (main/domain). The service
 * never trusts a station's arithmetic: every submission is evaluated here on arrival, with the
 * member facts the insurer holds, not the ones the station sent.
 */
export interface MemberFacts {
  /** Opaque reference for the engine (the service passes its own key, never logged). */
  ref: string;
  birthDate: string;
  declarations: { year: number; declaredAt: Date }[];
}

export interface RulesEngine {
  readonly available: boolean;
  ruleSets(): { version: string; validFrom: string | null }[];
  /** The catalog a participation year is evaluated under (the one valid on its last day), or null. */
  catalogForYear(year: number): RuleSet | null;
  evaluate(submission: SubmissionUpload, member: MemberFacts | null, receivedAt: Date): Evaluation;
}

// The wire's evidence kinds (what the station captured) in the engine's terms.
const evidenceKind: Record<SubmissionUpload['measures'][number]['evidence'][number]['kind'], EvidenceKind> = {
  photo: 'certificate_photo',
  scan: 'certificate_photo',
  'booklet-stamp': 'booklet_stamp',
  'digital-entry': 'dated_self_declaration',
  'dated-self-declaration': 'dated_self_declaration',
  'signed-declaration': 'signed_declaration',
  'measured-value': 'measured_value',
  'event-confirmation': 'insurer_event_confirmation',
};

/**
 * When a participation submission was declared: the station's time, but never later than the
 * service received it (a station clock running ahead does not move the declaration).
 */
export function declaredAtOf(submission: SubmissionUpload, receivedAt: Date): Date {
  return new Date(Math.min(Date.parse(submission.createdAt), receivedAt.getTime()));
}

type Review = EvaluationCaseInput['records'][number]['review'];

/**
 * The engine's records for a submission's measures, one per measure with the id
 * `<submission id>:<index>`; `review` says how far review has got with measure i. Used on
 * arrival (every record as if accepted) and by the whole-insurer evaluation (service/evaluation).
 */
export function measureRecordsOf(submission: Pick<SubmissionUpload, 'id' | 'measures' | 'fieldEventId'>, ref: string, review: (index: number, measure: number) => Review): EvaluationCaseInput['records'] {
  return submission.measures.map((m, i) => {
    // A measured value or signed statement travels on the evidence; the engine checks it against the catalog.
    const measuredValue = m.evidence.find((e) => e.measuredValue)?.measuredValue;
    const statement = m.evidence.find((e) => e.statement)?.statement;
    return {
      id: `${submission.id}:${i}`,
      participantRef: ref,
      measure: m.measure,
      date: m.performedOn,
      evidence: evidenceKind[m.evidence[0]?.kind ?? 'digital-entry'],
      review: review(i, m.measure),
      ...(submission.fieldEventId ? { eventId: submission.fieldEventId } : {}),
      ...(measuredValue ? { measuredValue } : {}),
      ...(statement ? { statement } : {}),
    };
  });
}

/**
 * The insurer's participations on record as the engine's declarations. They are valid ones: for
 * a child the legal representative made it (the service records a declaration only when it is valid).
 */
export function declarationsOf(member: MemberFacts, ruleSet: RuleSet): EvaluationCaseInput['participant']['declarations'] {
  return member.declarations.map((d) => {
    const declaredOn = berlinDateOf(d.declaredAt.getTime());
    const role = programFor(member.birthDate, declaredOn, ruleSet.ownParticipationFromAge) === 'child' ? 'legal_representative' : 'self';
    return { year: d.year, declaredOn, channel: 'submission', declaredBy: { role, personRef: member.ref }, consentSgbV284: true, termsVersion: ruleSet.version };
  });
}

const unavailable = (finding: string): Evaluation => ({ engine: 'unavailable', ruleSetVersion: null, totalCents: null, findings: [finding] });

/**
 * Builds the engine's case from the submission and the member facts and evaluates the year.
 * The records are evaluated as if a reviewer accepted their evidence: `totalCents` is what the
 * submission is worth when the proof holds, which is exactly the station's claim to check.
 * The reference service keeps no membership periods, so a member counts as insured from birth.
 */
export function evaluateWithDomain(submission: SubmissionUpload, member: MemberFacts | null, receivedAt: Date, ruleSets: readonly RuleSet[] = knownRuleSets): Evaluation {
  if (!member) return { engine: 'evaluated', ruleSetVersion: null, totalCents: null, findings: ['member.unknown'] };
  const receivedOn = berlinDateOf(receivedAt.getTime());
  const ruleSet = catalogFor(`${submission.participationYear}-12-31`, ruleSets) ?? catalogFor(receivedOn, ruleSets);
  if (!ruleSet) return unavailable('rule-set.none-for-year');
  const declarations = declarationsOf(member, ruleSet);
  if (submission.kind === 'participation' && !declarations.some((d) => d.year === submission.participationYear)) {
    declarations.push({
      year: submission.participationYear,
      declaredOn: berlinDateOf(declaredAtOf(submission, receivedAt).getTime()),
      channel: 'kiosk',
      declaredBy: { role: submission.declaredBy ?? 'self', personRef: member.ref },
      consentSgbV284: true,
      termsVersion: ruleSet.version,
    });
  }
  const input: EvaluationCaseInput = {
    participant: { ref: member.ref, birthDate: member.birthDate, memberships: [{ from: member.birthDate }], declarations },
    year: submission.participationYear,
    records: measureRecordsOf(submission, member.ref, () => 'accepted'),
    submittedAt: receivedAt.toISOString(),
  };
  const parsed = parseEvaluationCase(input);
  if (!parsed.ok) return { engine: 'evaluated', ruleSetVersion: ruleSet.version, totalCents: null, findings: parsed.issues.map((i) => `case.invalid:${i.path}`) };
  const result = evaluateYear(parsed.value, ruleSet, { asOfMs: receivedAt.getTime() });
  const findings = [
    ...result.participation.issues.map((issue) => `participation.${issue.code}`),
    ...result.records.filter((r) => r.verdict !== 'counted').map((r) => `measure.${r.measure}.${r.verdict}.${r.reason}`),
  ];
  if (submission.stationClaim && submission.stationClaim.totalCents !== result.amount.earnedCents) findings.push('station-claim.differs');
  return { engine: 'evaluated', ruleSetVersion: result.ruleSet.version, totalCents: result.amount.earnedCents, findings };
}

/** The shared rules engine over these rule sets (the built-in ones, or those plus catalogs the insurer added). */
export function rulesEngineWith(ruleSets: readonly RuleSet[]): RulesEngine {
  return {
    available: true,
    ruleSets: () => ruleSets.map((r) => ({ version: r.version, validFrom: r.validFrom })),
    catalogForYear: (year) => catalogFor(`${year}-12-31`, ruleSets) ?? null,
    evaluate: (submission, member, receivedAt) => evaluateWithDomain(submission, member, receivedAt, ruleSets),
  };
}

export const domainRulesEngine: RulesEngine = rulesEngineWith(knownRuleSets);

export function defaultRulesEngine(): RulesEngine {
  return domainRulesEngine;
}
