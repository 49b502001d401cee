import { type CalendarDate, ageOn, yearOf } from '../calendar/calendar-date';
import type { AgeBand, Measure, Program, RuleSet, Schedule } from '../catalog/measure';
import type { MeasureRecord, Participant } from '../case/schema';
import { isMemberOn } from '../participation/membership';
import type { Participation } from '../participation/participation';
import { checkUpVerdict } from './check-up';
import type { ReasonCode } from './reasons';

export interface RecordContext {
  participant: Participant;
  participation: Participation;
  program: Program;
  ruleSet: RuleSet;
  year: number;
  /** Berlin date of the evaluation moment. */
  asOfDate: CalendarDate;
  /** Check-ups of earlier years (measure 7 history). */
  earlierCheckUps: readonly CalendarDate[];
}

export type RecordCheck = { ok: true } | { ok: false; reason: ReasonCode; date?: CalendarDate };

const pass: RecordCheck = { ok: true };

function fail(reason: ReasonCode, date?: CalendarDate): RecordCheck {
  return date === undefined ? { ok: false, reason } : { ok: false, reason, date };
}

/** The age band of a by-age schedule that applies on the day of the measure. */
export function bandFor(schedule: Extract<Schedule, { kind: 'by_age' }>, age: number): AgeBand | undefined {
  return schedule.bands.find((b) => age >= b.fromAge && (b.belowAge === undefined || age < b.belowAge));
}

/**
 * Everything that makes a single record count or not for `measure`, independent of other
 * records of the year. The order is the order in which a member would want to hear why.
 */
export function checkRecord(record: MeasureRecord, measure: Measure, ctx: RecordContext): RecordCheck {
  const { participant, participation } = ctx;
  // §2.4: measures cannot be transferred to another participant.
  if (record.participantRef !== participant.ref) return fail('wrong_participant');
  // Annex 1: adults collect 1-12, children 13-18, each in their own booklet (§2.2.1).
  if (measure.program !== ctx.program) return fail('other_program');
  // §2.3: a measure counts only in the calendar year it was performed.
  if (yearOf(record.date) !== ctx.year) return fail('other_year');
  if (record.date > ctx.asOfDate) return fail('date_in_future');
  if (participation.status !== 'active' || participation.period === null) return fail('not_participating');
  // §2.1: no bonus for measures outside the participation period.
  if (record.date < participation.period.from) return fail('before_participation', participation.period.from);
  if (record.date > participation.period.to) return fail('after_participation_ended', participation.period.to);
  // §2.1: nor for measures outside membership with the insurer.
  if (!isMemberOn(participant.memberships, record.date)) return fail('outside_membership');
  // §2.2: only the kinds of proof the catalog accepts for this measure.
  if (!measure.evidence.includes(record.evidence)) return fail('evidence_not_accepted');
  if (record.review === 'rejected') return fail('review_rejected');
  const conditions = checkConditions(record, measure, ctx);
  if (!conditions.ok) return conditions;
  return checkScheduleEligibility(record, measure.schedule, ctx);
}

function checkConditions(record: MeasureRecord, measure: Measure, ctx: RecordContext): RecordCheck {
  for (const condition of measure.conditions) {
    switch (condition.kind) {
      case 'min_age':
        if (ageOn(ctx.participant.birthDate, record.date) < condition.years) return fail('below_minimum_age');
        break;
      case 'excluded_activities':
        // Annex 1, 2 and 14: competitive contests and mandatory school events do not count.
        if (record.activity !== undefined && condition.activities.includes(record.activity)) return fail('excluded_activity');
        break;
      case 'topics':
        // Annex 1, 3/4/15: a course from the listed fields of action; a stamp without topic is trusted.
        if (record.topic !== undefined && !condition.allowed.includes(record.topic)) return fail('topic_not_covered');
        break;
      case 'measured_value': {
        const value = record.measuredValue;
        if (value === undefined || value.unit !== condition.unit) return fail('value_missing');
        if ((condition.min !== undefined && value.value < condition.min) || (condition.max !== undefined && value.value > condition.max)) {
          return fail('value_out_of_range');
        }
        break;
      }
      case 'statement':
        if (record.statement !== condition.statement) return fail('statement_missing');
        break;
    }
  }
  return pass;
}

function checkScheduleEligibility(record: MeasureRecord, schedule: Schedule, ctx: RecordContext): RecordCheck {
  if (schedule.kind === 'check_up') {
    const verdict = checkUpVerdict(ctx.participant.birthDate, record.date, ctx.earlierCheckUps, schedule, ctx.ruleSet.parameters);
    return verdict === null ? pass : fail(verdict.reason, verdict.date);
  }
  if (schedule.kind === 'by_age') {
    const band = bandFor(schedule, ageOn(ctx.participant.birthDate, record.date));
    if (!band) return fail('below_minimum_age');
    return checkScheduleEligibility(record, band.schedule, ctx);
  }
  return pass;
}
