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
  type RuleSet,
} from '../domain';
import { additionalCents, fieldAmountsCents } from '../domain/money/amounts';
import type { BookletView, HealthCardFacts, InsuranceCover, InsuredPerson } from '../contract';
import { ContractError } from '../contract';
import { creditedRecords, insurerDeclarations, type InsurerFacts } from './member-state';

export interface MemberFacts {
  memberRef: string;
  person: InsuredPerson;
  cover: InsuranceCover;
  /** null: a child's booklet opened from the insurer's family list, without the child's card. */
  card: HealthCardFacts | null;
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

const creditedText = (title: { de: string; en: string }) => ({
  de: `${title.de}: von Ihrer Krankenkasse bereits anerkannt.`,
  en: `${title.en}: already credited by your health insurer.`,
});

export interface BookletExtras {
  /** The insurer's participation on record and credited fields for this year (when online). */
  insurer?: InsurerFacts;
  /** The reviewer's reason per rejected field, from the insurer's decisions. */
  reviewReasons?: Map<number, string>;
  /** The rule sets the station evaluates with (built-in ones plus any the station was configured with). */
  ruleSets?: readonly RuleSet[];
}

/**
 * §1: a declaration made today counts for the whole calendar year. The same case evaluated
 * with it shows the member what declaring would open up; nothing is stored.
 */
function ifDeclaredToday(evaluationCase: EvaluationCase, ruleSet: RuleSet, declaredBy: Declaration['declaredBy'], today: string, nowMs: number): NonNullable<BookletView['ifDeclared']> {
  const declaration: Declaration = { year: evaluationCase.year, declaredOn: today, declaredAt: new Date(nowMs).toISOString(), channel: 'kiosk', declaredBy, consentSgbV284: true, termsVersion: ruleSet.version };
  const declared = { ...evaluationCase, participant: { ...evaluationCase.participant, declarations: [...evaluationCase.participant.declarations, declaration] } };
  const result = evaluateYear(declared, ruleSet, { asOfMs: nowMs });
  const fulfilled = result.fields.filter((f) => f.status === 'fulfilled').length;
  const open = result.fields.filter((f) => f.stillEarnable).length;
  return {
    stillEarnableCents: additionalCents(result.program, fulfilled, open, ruleSet),
    fields: result.fields.map((f) => ({ measure: f.field, status: f.status, reason: f.reason, stillEarnable: f.stillEarnable })),
  };
}

/** The booklet for one year as the kiosk shows it, computed by the shared rules engine. */
export function bookletView(member: MemberFacts, year: number, declarations: Declaration[], records: MeasureRecord[], nowMs: number, representativeRef?: string, extras: BookletExtras = {}): BookletView {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(member.person.birthDate) || member.person.birthDate.includes('-00')) {
    // The register knows only part of the birth date: ages, and so the program, cannot be decided here.
    throw new ContractError('not_available', 'Birth date on the card is incomplete');
  }
  const today = berlinDateOf(nowMs);
  const allDeclarations = extras.insurer ? insurerDeclarations(extras.insurer, declarations, representativeRef ? { role: 'legal_representative', personRef: representativeRef } : { role: 'self', personRef: member.memberRef }) : declarations;
  const plainCase = caseFor(member, year, allDeclarations, records, nowMs, representativeRef);
  const ruleSet = extras.ruleSets ? ruleSetForCase(plainCase, extras.ruleSets) : ruleSetForCase(plainCase);
  if (!ruleSet) throw new ContractError('not_available', `No rule set for ${year}`);
  // Fields the insurer credited count together with this station's records; a field already
  // fulfilled here keeps its own record.
  const credited = new Set(extras.insurer?.credited ?? []);
  const declaredOn = allDeclarations.filter((d) => d.year === year).map((d) => d.declaredOn).sort()[0];
  const extraRecords = creditedRecords({
    ruleSet,
    year,
    measures: [...credited].filter((m) => !records.some((r) => r.measure === m && r.review === 'accepted')),
    participantRef: member.memberRef,
    earliest: [member.cover.coverStart, declaredOn ?? `${year}-01-01`].sort().at(-1)!,
    today,
  });
  const evaluationCase = extraRecords.length > 0 ? { ...plainCase, records: [...records, ...extraRecords] } : plainCase;
  const result = evaluateYear(evaluationCase, ruleSet, { asOfMs: nowMs });
  const canDeclare = result.participation.status !== 'active' && year === Number(today.slice(0, 4)) && result.participation.issues.every((i) => i.code !== 'no_membership');
  const currentYear = Number(today.slice(0, 4));
  const openEarlierYears = [currentYear - 1].filter((y) => today <= submissionDeadline(y, ruleSet).lastDay && member.cover.coverStart <= `${y}-12-31`);
  // A field the insurer credited counts as fulfilled even where the engine could not place the
  // credit (e.g. teen dental care needs both half-years): the amounts follow the shown states.
  const fulfilled = result.fields.map((f) => f.status === 'fulfilled' || credited.has(f.field));
  const amounts = fieldAmountsCents(result.program, fulfilled, ruleSet);
  const earnedCents = amounts.reduce((a, b) => a + b, 0);
  const stillOpen = result.fields.filter((f) => f.stillEarnable && !credited.has(f.field)).length;
  const stillEarnableCents = additionalCents(result.program, fulfilled.filter(Boolean).length, stillOpen, ruleSet);
  return {
    year,
    program: result.program,
    ruleSetVersion: result.ruleSet.version,
    participation: {
      status: result.participation.status,
      declaredOn: result.participation.declaredOn,
      canDeclare,
    },
    amount: { earnedCents, maximumCents: result.amount.maximumCents, stillEarnableCents },
    claim: { status: result.claim.status, lastDay: result.claim.deadline.lastDay, text: result.claim.text },
    fields: result.fields.map((f, i) => {
      // The insurer's credit is its central record: the field is fulfilled even where the
      // engine cannot place the credit without the proof's details (e.g. two visits a year).
      const isCredited = credited.has(f.field);
      const override = isCredited && f.status !== 'fulfilled';
      const measure = measureOf(ruleSet, f.field);
      const statement = measure?.conditions.find((c) => c.kind === 'statement');
      const value = measure?.conditions.find((c) => c.kind === 'measured_value');
      return {
        measure: f.field,
        evidence: [...(measure?.evidence ?? [])],
        category: f.category,
        title: f.title,
        status: override ? ('fulfilled' as const) : f.status,
        ...(measure ? { description: measure.description } : {}),
        reason: override ? 'insurer_credited' : f.reason,
        text: override ? creditedText(f.title) : f.text,
        stillEarnable: override ? false : f.stillEarnable,
        amountCents: amounts[i] ?? 0,
        credited: isCredited,
        reviewReason: f.status === 'rejected' ? (extras.reviewReasons?.get(f.field) ?? null) : null,
        ...(statement?.kind === 'statement' ? { statement: statement.statement } : {}),
        ...(value?.kind === 'measured_value' ? { measuredValue: { unit: value.unit, ...(value.min !== undefined ? { min: value.min } : {}), ...(value.max !== undefined ? { max: value.max } : {}) } } : {}),
      };
    }),
    ifDeclared: canDeclare ? ifDeclaredToday(evaluationCase, ruleSet, representativeRef ? { role: 'legal_representative', personRef: representativeRef } : { role: 'self', personRef: member.memberRef }, today, nowMs) : null,
    openEarlierYears,
    currentYear,
    today,
    termsNotes: termsViewTexts(result.ruleSet.parameters).map((t) => ({ section: t.section, question: t.question, applied: t.applied })),
  };
}
