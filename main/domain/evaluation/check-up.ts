import { type CalendarDate, ageOn, birthdayOfAge, formatCalendarDate, parseCalendarDate, yearOf } from '../calendar/calendar-date';
import type { RuleParameters, Schedule } from '../catalog/measure';
import type { ReasonCode } from './reasons';

type CheckUpSchedule = Extract<Schedule, { kind: 'check_up' }>;

export interface CheckUpVerdict {
  reason: ReasonCode;
  /** For the interval rule: the first day on which a check-up counts again. */
  date?: CalendarDate;
}

/** The same day `years` later (29.02 becomes 01.03 in a common year, as for birthdays). */
function sameDayYearsLater(date: CalendarDate, years: number): CalendarDate {
  return birthdayOfAge(date, years);
}

/** The first day on which a check-up counts again after one on `last` (annex 1, no. 7). */
export function nextCheckUpFrom(last: CalendarDate, schedule: CheckUpSchedule, parameters: RuleParameters): CalendarDate {
  // AMBIGUOUS checkUpInterval: three calendar years (default) or three years to the day.
  if (parameters.checkUpInterval === 'calendar_years') return formatCalendarDate(yearOf(last) + schedule.intervalYears, 1, 1);
  return sameDayYearsLater(last, schedule.intervalYears);
}

/**
 * Annex 1, no. 7: between the 18th and the 35th birthday once, from the 35th every three
 * years. `earlier` holds check-ups of earlier years (the participant's history).
 * Returns null when a check-up on `date` counts.
 */
export function checkUpVerdict(
  birthDate: CalendarDate,
  date: CalendarDate,
  earlier: readonly CalendarDate[],
  schedule: CheckUpSchedule,
  parameters: RuleParameters,
): CheckUpVerdict | null {
  const age = ageOn(birthDate, date);
  if (age < schedule.onceFromAge) return { reason: 'check_up_too_young' };
  const before = earlier.filter((d) => d < date && parseCalendarDate(d) !== null);
  if (age < schedule.intervalFromAge) {
    // AMBIGUOUS checkUpOnceScope: once in the whole band (default) or once per year.
    if (parameters.checkUpOnceScope === 'participation_year') return null;
    const usedInBand = before.some((d) => {
      const a = ageOn(birthDate, d);
      return a >= schedule.onceFromAge && a < schedule.intervalFromAge;
    });
    return usedInBand ? { reason: 'check_up_once_used' } : null;
  }
  const last = before.reduce<CalendarDate | undefined>((latest, d) => (latest === undefined || d > latest ? d : latest), undefined);
  if (last === undefined) return null;
  const next = nextCheckUpFrom(last, schedule, parameters);
  return date >= next ? null : { reason: 'check_up_interval', date: next };
}

/**
 * Whether a check-up could still count on some day of [from, to] (for "not possible"). Tries
 * the days on which the verdict can change: the period start, the age thresholds and the
 * next interval date.
 */
export function checkUpPossibleWithin(
  birthDate: CalendarDate,
  from: CalendarDate,
  to: CalendarDate,
  earlier: readonly CalendarDate[],
  schedule: CheckUpSchedule,
  parameters: RuleParameters,
): CheckUpVerdict | null {
  const candidates = [from, birthdayOfAge(birthDate, schedule.onceFromAge), birthdayOfAge(birthDate, schedule.intervalFromAge)];
  const last = earlier.reduce<CalendarDate | undefined>((l, d) => (l === undefined || d > l ? d : l), undefined);
  if (last !== undefined) candidates.push(nextCheckUpFrom(last, schedule, parameters));
  let firstVerdict: CheckUpVerdict | null = null;
  for (const day of candidates) {
    if (day < from || day > to) continue;
    const verdict = checkUpVerdict(birthDate, day, earlier, schedule, parameters);
    if (verdict === null) return null;
    if (day === from) firstVerdict = verdict;
  }
  return firstVerdict ?? checkUpVerdict(birthDate, from, earlier, schedule, parameters);
}
