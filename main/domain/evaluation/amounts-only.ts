import { berlinDateOf, parseInstant } from '../calendar/berlin-time';
import { startOfYear } from '../calendar/calendar-date';
import type { Measure, Program, RuleSet } from '../catalog/measure';
import { withParameters } from '../catalog/select';
import type { EvaluationCase, MeasureRecord } from '../case/schema';
import { submissionDeadline } from '../money/deadline';
import { participationFor } from '../participation/participation';
import { resolveAsOf } from './evaluate-year';
import { misuseFor } from './misuse';
import { type RecordContext, checkRecord } from './record-checks';
import { requirementGroups, slotFor } from './slots';

/**
 * The amounts of a year without the explanation: what `evaluateYear` says a case is worth
 * (`amount.earnedCents`, `amount.payableCents`, program and participation), computed for many
 * trusted cases at once — the service's own rows in a whole-insurer evaluation. It builds no
 * verdicts, texts or field statuses, looks at accepted records only (review pending or rejected
 * never earns, and the engine places accepted proof before any other, so the rest cannot move it)
 * and keeps the catalog's lookups compiled per catalog and program. The rules themselves are the
 * engine's own functions (checkRecord, slotFor, participationFor, misuseFor); a property test
 * (amounts-only.test.ts) holds both paths equal on a generated population.
 */
export interface YearAmounts {
  program: Program;
  participation: 'active' | 'not_participating';
  earnedCents: number;
  payableCents: number;
}

interface CompiledField {
  measure: Measure;
  /** Each requirement group's slots; the field is fulfilled when one group's are all filled. */
  groups: string[][];
}

interface CompiledProgram {
  fields: CompiledField[];
  /** Per measure number: the indexes of the fields a record for it may fill, in order (overflow chain). */
  chains: Map<number, number[]>;
  byNumber: Map<number, Measure>;
}

const compiled = new WeakMap<RuleSet, Map<Program, CompiledProgram>>();

function compile(ruleSet: RuleSet, program: Program): CompiledProgram {
  let perProgram = compiled.get(ruleSet);
  if (!perProgram) compiled.set(ruleSet, (perProgram = new Map()));
  const known = perProgram.get(program);
  if (known) return known;
  const fieldMeasures = ruleSet.measures.filter((m) => m.program === program).sort((a, b) => a.number - b.number);
  const byNumber = new Map(ruleSet.measures.map((m) => [m.number, m]));
  const indexOf = new Map(fieldMeasures.map((m, i) => [m.number, i]));
  const chains = new Map<number, number[]>();
  for (const target of ruleSet.measures) {
    // The same walk as the engine's chainOf: along overflowTo until it loops or ends.
    const chain = [target];
    for (let next = target.overflowTo; next !== undefined && next !== target.number; ) {
      const m = byNumber.get(next);
      if (!m || chain.includes(m)) break;
      chain.push(m);
      next = m.overflowTo;
    }
    chains.set(
      target.number,
      chain.map((m) => indexOf.get(m.number)).filter((i): i is number => i !== undefined),
    );
  }
  const fields = fieldMeasures.map((measure) => ({ measure, groups: requirementGroups(measure.schedule, ruleSet.parameters).map((g) => g.slots) }));
  const result = { fields, chains, byNumber };
  perProgram.set(program, result);
  return result;
}

/**
 * The instants and days a population shares (one evaluation moment, a few submission times),
 * parsed once: the last value of each is kept. Pure functions of their input, so this changes no result.
 */
function lastValueCache<K, V>(compute: (key: K) => V): (key: K) => V {
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  return (key) => {
    if (lastKey !== key || lastValue === undefined) {
      lastValue = compute(key);
      lastKey = key;
    }
    return lastValue;
  };
}
const asOfDateOf = lastValueCache(berlinDateOf);
const instantOf = lastValueCache((text: string) => parseInstant(text) ?? undefined);
// With the case's asOf given, resolveAsOf does not look at its fallback.
const asOfMsOf = lastValueCache((asOf: string) => resolveAsOf(asOf, 0));
const noCheckUps: readonly string[] = [];

function byDateThenId(a: MeasureRecord, b: MeasureRecord): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function isFilled(groups: readonly string[][], filled: readonly string[] | undefined): boolean {
  if (!filled) return false;
  return groups.some((g) => g.every((s) => filled.includes(s)));
}

/** The year's amounts of one trusted case (never validated here: callers pass data they checked when it arrived). */
export function evaluateAmounts(input: EvaluationCase, baseRuleSet: RuleSet, options: { asOfMs?: number } = {}): YearAmounts {
  const ruleSet = input.parameters ? withParameters(baseRuleSet, input.parameters) : baseRuleSet;
  const { participant, year } = input;
  const deadline = submissionDeadline(year, ruleSet);
  const asOfMs = options.asOfMs ?? (input.asOf === undefined ? deadline.endsAtMs - 1 : asOfMsOf(input.asOf));
  const participation = participationFor(participant, year, ruleSet);
  const program = participation.program;
  const result: YearAmounts = { program, participation: participation.status, earnedCents: 0, payableCents: 0 };
  if (participation.status !== 'active') return result;
  const asOfDate = asOfDateOf(asOfMs);
  // §2.5: after an exclusion nothing counts; on a suspicion fulfilled fields are held.
  if (misuseFor(participant, year, asOfDate).state !== 'none') return result;
  let accepted: MeasureRecord[] | undefined;
  for (const r of input.records) if (r.review === 'accepted') (accepted ??= []).push(r);
  if (!accepted) return result;
  accepted.sort(byDateThenId);

  const { fields, chains, byNumber } = compile(ruleSet, program);
  const yearStart = startOfYear(year);
  const ctx: RecordContext = { participant, participation, program, ruleSet, year, asOfDate, earlierCheckUps: participant.history.checkUps.length === 0 ? noCheckUps : participant.history.checkUps.filter((d) => d < yearStart) };
  // Per field index: the slots filled and the health actions counted (allocated on first use).
  const filled: (string[] | undefined)[] = [];
  const events: (string[] | undefined)[] = [];
  for (const record of accepted) {
    const target = byNumber.get(record.measure);
    if (!target || !checkRecord(record, target, ctx).ok) continue;
    const chain = chains.get(target.number) ?? [];
    if (record.eventId !== undefined && chain.some((i) => events[i]?.includes(record.eventId as string))) continue;
    for (const i of chain) {
      const field = fields[i] as CompiledField;
      if (field.measure !== target && !checkRecord(record, field.measure, ctx).ok) continue;
      if (isFilled(field.groups, filled[i])) continue;
      const slot = slotFor(field.measure.schedule, participant.birthDate, record.date);
      if (slot === undefined || filled[i]?.includes(slot)) continue;
      (filled[i] ??= []).push(slot);
      if (record.eventId !== undefined) (events[i] ??= []).push(record.eventId);
      break;
    }
  }
  let earned = 0;
  let any = false;
  for (let i = 0; i < fields.length; i += 1) {
    if (!isFilled((fields[i] as CompiledField).groups, filled[i])) continue;
    any = true;
    // §2.3 (money/amounts.ts): adults per field; children per field, or once (AMBIGUOUS childBonus).
    earned += program === 'adult' ? ruleSet.adultAmountPerFieldCents : ruleSet.parameters.childBonus === 'per_measure' ? ruleSet.childAmountCents : 0;
  }
  if (any && program === 'child' && ruleSet.parameters.childBonus !== 'per_measure') earned = ruleSet.childAmountCents;
  // §2.1: payable while the claim is open or was submitted in time (claimFor, misuse 'none').
  const submittedAtMs = input.submittedAt !== undefined ? instantOf(input.submittedAt) : undefined;
  result.earnedCents = earned;
  result.payableCents = (submittedAtMs ?? asOfMs) < deadline.endsAtMs ? earned : 0;
  return result;
}
