import { berlinDateOf, berlinStartOfDay, parseInstant } from '../calendar/berlin-time';
import { type CalendarDate, addDays, isCalendarDate, startOfYear } from '../calendar/calendar-date';
import type { LocalizedText, Measure, Program, RuleParameters, RuleSet } from '../catalog/measure';
import { withParameters } from '../catalog/select';
import type { EvaluationCase, Payout } from '../case/schema';
import { additionalCents, fieldAmountsCents, maximumCents } from '../money/amounts';
import { type Claim, claimFor, submissionDeadline } from '../money/deadline';
import { type TaxReportEntry, taxReportFor } from '../money/tax-report';
import { type Participation, participationFor } from '../participation/participation';
import { type RecordVerdict, assignRecords } from './assign';
import { type FieldEvaluation, fieldStatus } from './field-status';
import { type MisuseState, misuseFor } from './misuse';

export interface YearEvaluation {
  ruleSet: { id: string; version: string; parameters: RuleParameters };
  participantRef: string;
  year: number;
  asOf: string;
  program: Program;
  participation: Pick<Participation, 'status' | 'period' | 'issues'> & { declaredOn: CalendarDate | null; endedOn: CalendarDate | null };
  fields: FieldEvaluation[];
  records: RecordVerdict[];
  amount: {
    /** §2.3: what the fulfilled fields are worth. */
    earnedCents: number;
    /** What can be paid now: nothing after the deadline (§2.1) or on a misuse hold/exclusion (§2.5). */
    payableCents: number;
    maximumCents: number;
  };
  /** What measures performed from now until the end of the participation period can add. */
  stillEarnable: { fields: number[]; cents: number };
  claim: Claim;
  misuse: { state: MisuseState; text: LocalizedText | null; reclaimable: Payout[] };
  /** §2.1: report data for premiums paid for this year (none when they are to be reclaimed). */
  taxReports: TaxReportEntry[];
}

export interface EvaluateOptions {
  /** The moment of evaluation in ms; overrides the case's asOf. */
  asOfMs?: number;
}

const measureIndex = new WeakMap<readonly Measure[], { allMeasures: Map<number, Measure>; adult: Measure[]; child: Measure[] }>();

/** The catalog by number and each program's fields in booklet order; cached per catalog. */
function measuresOf(measures: readonly Measure[], program: Program): { allMeasures: ReadonlyMap<number, Measure>; fieldMeasures: readonly Measure[] } {
  let index = measureIndex.get(measures);
  if (!index) {
    const sorted = [...measures].sort((a, b) => a.number - b.number);
    index = { allMeasures: new Map(measures.map((m) => [m.number, m])), adult: sorted.filter((m) => m.program === 'adult'), child: sorted.filter((m) => m.program === 'child') };
    measureIndex.set(measures, index);
  }
  return { allMeasures: index.allMeasures, fieldMeasures: index[program] };
}

/** The evaluation moment: an instant, or a Berlin date meaning the end of that day. */
export function resolveAsOf(asOf: string | undefined, fallbackMs: number): number {
  if (asOf === undefined) return fallbackMs;
  if (isCalendarDate(asOf)) return berlinStartOfDay(addDays(asOf, 1)) - 1;
  const ms = parseInstant(asOf);
  if (ms === null) throw new RangeError(`asOf is neither an instant with offset nor a date: ${asOf}`);
  return ms;
}

/**
 * Evaluates one participant's year under a rule set. Pure and deterministic: the same case
 * and rule set always give the same result. Without asOf (in the case or the options) the
 * year is evaluated as of the moment the submission deadline passes minus one millisecond,
 * i.e. with everything performed and the claim still open, so that no clock is read here.
 */
export function evaluateYear(input: EvaluationCase, baseRuleSet: RuleSet, options: EvaluateOptions = {}): YearEvaluation {
  const ruleSet = input.parameters ? withParameters(baseRuleSet, input.parameters) : baseRuleSet;
  const { participant, year } = input;
  const deadlineFallback = submissionDeadline(year, ruleSet).endsAtMs - 1;
  const asOfMs = options.asOfMs ?? resolveAsOf(input.asOf, deadlineFallback);
  const asOfDate = berlinDateOf(asOfMs);

  const participation = participationFor(participant, year, ruleSet);
  const program = participation.program;
  const misuse = misuseFor(participant, year, asOfDate);
  const earlierCheckUps = participant.history.checkUps.filter((d) => d < startOfYear(year));

  const { allMeasures, fieldMeasures } = measuresOf(ruleSet.measures, program);
  const ctx = { participant, participation, program, ruleSet, year, asOfDate, earlierCheckUps };
  const { fields: slots, verdicts } = assignRecords(input.records, fieldMeasures, allMeasures, ctx, ruleSet.parameters);

  const fieldCtx = { ...ctx, misuse: misuse.state };
  const statuses = fieldMeasures.map((m) => fieldStatus(slots.get(m.number) as NonNullable<ReturnType<typeof slots.get>>, fieldCtx));
  const amounts = fieldAmountsCents(
    program,
    statuses.map((s) => s.status === 'fulfilled'),
    ruleSet,
  );
  const fields: FieldEvaluation[] = fieldMeasures.map((m, i) => {
    const s = statuses[i] as (typeof statuses)[number];
    return { field: m.number, category: m.category, title: m.title, ...s, amountCents: amounts[i] ?? 0 };
  });
  const earnedCents = amounts.reduce((a, b) => a + b, 0);
  const earnableFields = fields.filter((f) => f.stillEarnable).map((f) => f.field);
  const fulfilledCount = fields.filter((f) => f.status === 'fulfilled').length;

  const submittedAtMs = input.submittedAt !== undefined ? (parseInstant(input.submittedAt) ?? undefined) : undefined;
  const claim = claimFor({ year, ruleSet, asOfMs, misuse: misuse.state, ...(submittedAtMs !== undefined ? { submittedAtMs } : {}) });
  const payableCents = claim.status === 'open' || claim.status === 'submitted_in_time' ? earnedCents : 0;
  const taxReports =
    misuse.state === 'excluded' ? [] : participant.history.payouts.filter((p) => p.year === year).map((p) => taxReportFor(participant.ref, p));

  return {
    ruleSet: { id: ruleSet.id, version: ruleSet.version, parameters: ruleSet.parameters },
    participantRef: participant.ref,
    year,
    asOf: new Date(asOfMs).toISOString(),
    program,
    participation: {
      status: participation.status,
      period: participation.period,
      issues: participation.issues,
      declaredOn: participation.declaration?.declaredOn ?? null,
      endedOn: participation.endedOn ?? null,
    },
    fields,
    records: verdicts,
    amount: { earnedCents, payableCents, maximumCents: maximumCents(program, fieldMeasures.length, ruleSet) },
    stillEarnable: { fields: earnableFields, cents: additionalCents(program, fulfilledCount, earnableFields.length, ruleSet) },
    claim,
    misuse: { state: misuse.state, text: misuse.text, reclaimable: misuse.reclaimable },
    taxReports,
  };
}
