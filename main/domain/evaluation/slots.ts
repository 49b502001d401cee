import { type CalendarDate, ageOn, halfYearOf } from '../calendar/calendar-date';
import type { RuleParameters, Schedule } from '../catalog/measure';
import { bandFor } from './record-checks';

/**
 * A field is fulfilled when every slot of one of its requirement groups holds a record:
 * one slot for once-a-year measures, one per half-year for the half-year rules. Slots make
 * "no field counts twice" structural: a slot holds one record.
 */
export function slotFor(schedule: Schedule, birthDate: CalendarDate, date: CalendarDate): string | undefined {
  switch (schedule.kind) {
    case 'once_per_year':
    case 'check_up':
      return 'year';
    case 'each_half_year':
      return `h${halfYearOf(date)}`;
    case 'by_age': {
      const age = ageOn(birthDate, date);
      const band = bandFor(schedule, age);
      if (!band) return undefined;
      const inner = slotFor(band.schedule, birthDate, date);
      return inner === undefined ? undefined : `b${schedule.bands.indexOf(band)}:${inner}`;
    }
  }
}

export interface RequirementGroup {
  slots: string[];
  /** Band index for by-age schedules (to find the band's note). */
  band?: number;
}

const groupCache = new WeakMap<Schedule, Map<string, RequirementGroup[]>>();

/** The requirement groups of a schedule; cached, as catalogs are immutable data. */
export function requirementGroups(schedule: Schedule, parameters: RuleParameters): RequirementGroup[] {
  const key = parameters.teenDentalHalfYears;
  let byParameters = groupCache.get(schedule);
  if (!byParameters) {
    byParameters = new Map();
    groupCache.set(schedule, byParameters);
  }
  const known = byParameters.get(key);
  if (known) return known;
  const groups = computeGroups(schedule, parameters);
  byParameters.set(key, groups);
  return groups;
}

function computeGroups(schedule: Schedule, parameters: RuleParameters): RequirementGroup[] {
  switch (schedule.kind) {
    case 'once_per_year':
    case 'check_up':
      return [{ slots: ['year'] }];
    case 'each_half_year':
      // AMBIGUOUS teenDentalHalfYears (annex 1, no. 12): 'either' lets one half-year suffice.
      if (schedule.bothHalvesParameter !== undefined && parameters[schedule.bothHalvesParameter] === 'either') {
        return [{ slots: ['h1'] }, { slots: ['h2'] }];
      }
      return [{ slots: ['h1', 'h2'] }];
    case 'by_age':
      return schedule.bands.flatMap((band, index) =>
        computeGroups(band.schedule, parameters).map((g) => ({ slots: g.slots.map((s) => `b${index}:${s}`), band: index })),
      );
  }
}

/** The half-years a slot name refers to (for "can this still be earned"). */
export function halfOfSlot(slot: string): 1 | 2 | undefined {
  if (slot.endsWith('h1')) return 1;
  if (slot.endsWith('h2')) return 2;
  return undefined;
}
