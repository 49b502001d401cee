import { type CalendarDate, ageOn, halfYearOf, maxDate } from '../calendar/calendar-date';
import type { LocalizedText, Measure, RuleSet } from '../catalog/measure';
import type { Participant } from '../case/schema';
import type { Participation } from '../participation/participation';
import { type FieldSlots, isFilled } from './assign';
import { checkUpPossibleWithin } from './check-up';
import type { MisuseState } from './misuse';
import { type ReasonCode, reasonText } from './reasons';
import { halfOfSlot } from './slots';

export type FieldStatus = 'fulfilled' | 'awaiting_review' | 'rejected' | 'not_possible' | 'open';

export interface FieldEvaluation {
  /** The field (= measure number) in the booklet. */
  field: number;
  category: Measure['category'];
  title: LocalizedText;
  status: FieldStatus;
  reason: ReasonCode;
  text: LocalizedText;
  /** The records that fill the field's slots (accepted or in review). */
  recordIds: string[];
  /** Whether a measure performed from now on could still fulfil the field this year. */
  stillEarnable: boolean;
  amountCents: number;
}

export interface FieldContext {
  participant: Participant;
  participation: Participation;
  ruleSet: RuleSet;
  asOfDate: CalendarDate;
  earlierCheckUps: readonly CalendarDate[];
  misuse: MisuseState;
}

type Status = Omit<FieldEvaluation, 'amountCents' | 'field' | 'category' | 'title'>;

function make(slots: FieldSlots, status: FieldStatus, reason: ReasonCode, stillEarnable: boolean, extra: { date?: CalendarDate; note?: LocalizedText; text?: LocalizedText } = {}): Status {
  const recordIds = [...slots.accepted.values(), ...slots.pending.values()];
  const text = extra.text ?? reasonText(reason, { title: slots.measure.title, ...(extra.date ? { date: extra.date } : {}), ...(extra.note ? { note: extra.note } : {}) });
  return { status, reason, text, recordIds, stillEarnable };
}

/** Why a field cannot be earned at all this year, or null (only the check-up has such rules). */
function structuralBlock(slots: FieldSlots, ctx: FieldContext): { reason: ReasonCode; date?: CalendarDate } | null {
  const schedule = slots.measure.schedule;
  const period = ctx.participation.period;
  if (schedule.kind !== 'check_up' || period === null) return null;
  return checkUpPossibleWithin(ctx.participant.birthDate, period.from, period.to, ctx.earlierCheckUps, schedule, ctx.ruleSet.parameters);
}

/** Whether a measure performed on or after the evaluation day can still complete the field. */
function earnableFromNow(slots: FieldSlots, ctx: FieldContext): boolean {
  const period = ctx.participation.period;
  if (period === null || ctx.asOfDate > period.to) return false;
  const from = maxDate(ctx.asOfDate, period.from);
  const halvesLeft = new Set<number>([halfYearOf(from), halfYearOf(period.to)]);
  const schedule = slots.measure.schedule;
  const ageFrom = schedule.kind === 'by_age' ? ageOn(ctx.participant.birthDate, from) : 0;
  const ageTo = schedule.kind === 'by_age' ? ageOn(ctx.participant.birthDate, period.to) : 0;
  // A group can be completed if its age band is still reached and each of its empty
  // half-year slots still lies ahead.
  return slots.groups.some((g) => {
    const band = g.band !== undefined && schedule.kind === 'by_age' ? schedule.bands[g.band] : undefined;
    if (band && (ageTo < band.fromAge || (band.belowAge !== undefined && ageFrom >= band.belowAge))) return false;
    return g.slots.every((s) => {
      if (slots.accepted.has(s) || slots.pending.has(s)) return true;
      const half = halfOfSlot(s);
      return half === undefined || halvesLeft.has(half);
    });
  });
}

/** The status of one field: fulfilled > awaiting review > rejected > not possible > open. */
export function fieldStatus(slots: FieldSlots, ctx: FieldContext): Status {
  // §2.5: after an exclusion (with hearing) all of the year's fields are forfeited.
  if (ctx.misuse === 'excluded') return make(slots, 'rejected', 'forfeited_misuse', false);
  if (ctx.participation.status !== 'active') return make(slots, 'not_possible', 'not_participating', false);
  if (isFilled(slots, false)) {
    // §2.5: on a suspicion the field is held until the insurer has decided.
    if (ctx.misuse !== 'none') return make(slots, 'awaiting_review', 'misuse_check', false);
    return make(slots, 'fulfilled', 'counted', false);
  }
  if (isFilled(slots, true)) return make(slots, 'awaiting_review', 'evidence_in_review', false);
  const block = structuralBlock(slots, ctx);
  const earnable = block === null && earnableFromNow(slots, ctx);
  const last = slots.rejected[slots.rejected.length - 1];
  if (last) return make(slots, 'rejected', last.reason, earnable, { text: last.text });
  if (block) return make(slots, 'not_possible', block.reason, false, block.date ? { date: block.date } : {});
  if (slots.accepted.size + slots.pending.size > 0) {
    // Half of a half-year rule is done: say what is missing, in the catalog's words.
    const group = slots.groups.find((g) => g.slots.some((s) => slots.accepted.has(s) || slots.pending.has(s)));
    const schedule = slots.measure.schedule;
    const note = group?.band !== undefined && schedule.kind === 'by_age' ? schedule.bands[group.band]?.note : undefined;
    return make(slots, 'open', 'needs_each_half_year', earnable, note ? { note } : {});
  }
  return make(slots, 'open', 'no_evidence', earnable);
}
