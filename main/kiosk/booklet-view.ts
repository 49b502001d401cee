import {
  berlinDateOf,
  evaluateYear,
  measureOf,
  ruleSetForCase,
  submissionDeadline,
  termsViewTexts,
  type Declaration,
  type EvaluationCase,
  type MeasureRecord,
} from '../domain';
import type { BookletView, HealthCardFacts, InsuranceCover, InsuredPerson } from '../contract';
import { ContractError } from '../contract';

export interface MemberFacts {
  memberRef: string;
  person: InsuredPerson;
  cover: InsuranceCover;
  card: HealthCardFacts;
}

/** The evaluation case for the member at the kiosk: card facts plus what this station knows. */
export function caseFor(member: MemberFacts, year: number, declarations: Declaration[], records: MeasureRecord[], nowMs: number, representativeRef?: string): EvaluationCase {
  return {
    participant: {
      ref: member.memberRef,
      ...(representativeRef ? { primaryInsuredRef: representativeRef } : {}),
      birthDate: member.person.birthDate,
      memberships: [{ from: member.cover.coverStart, ...(member.cover.coverEnd ? { to: member.cover.coverEnd } : {}) }],
      declarations,
      history: { checkUps: [], payouts: [] },
    },
    year,
    records,
    asOf: new Date(nowMs).toISOString(),
  };
}

/** The booklet for one year as the kiosk shows it, computed by the shared rules engine. */
export function bookletView(member: MemberFacts, year: number, declarations: Declaration[], records: MeasureRecord[], nowMs: number, representativeRef?: string): BookletView {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(member.person.birthDate) || member.person.birthDate.includes('-00')) {
    // The register knows only part of the birth date: ages, and so the program, cannot be decided here.
    throw new ContractError('not_available', 'Birth date on the card is incomplete');
  }
  const evaluationCase = caseFor(member, year, declarations, records, nowMs, representativeRef);
  const ruleSet = ruleSetForCase(evaluationCase);
  if (!ruleSet) throw new ContractError('not_available', `No rule set for ${year}`);
  const result = evaluateYear(evaluationCase, ruleSet, { asOfMs: nowMs });
  const today = berlinDateOf(nowMs);
  const currentYear = Number(today.slice(0, 4));
  const openEarlierYears = [currentYear - 1].filter((y) => y !== year && today <= submissionDeadline(y, ruleSet).lastDay && member.cover.coverStart <= `${y}-12-31`);
  return {
    year,
    program: result.program,
    ruleSetVersion: result.ruleSet.version,
    participation: {
      status: result.participation.status,
      declaredOn: result.participation.declaredOn,
      canDeclare: result.participation.status !== 'active' && year === currentYear && result.participation.issues.every((i) => i.code !== 'no_membership'),
    },
    amount: { earnedCents: result.amount.earnedCents, maximumCents: result.amount.maximumCents, stillEarnableCents: result.stillEarnable.cents },
    claim: { status: result.claim.status, lastDay: result.claim.deadline.lastDay, text: result.claim.text },
    fields: result.fields.map((f) => ({
      measure: f.field,
      evidence: [...(measureOf(ruleSet, f.field)?.evidence ?? [])],
      category: f.category,
      title: f.title,
      status: f.status,
      reason: f.reason,
      text: f.text,
      stillEarnable: f.stillEarnable,
      amountCents: f.amountCents,
    })),
    openEarlierYears,
    termsNotes: termsViewTexts(result.ruleSet.parameters).map((t) => ({ section: t.section, question: t.question, applied: t.applied })),
  };
}
