import { type CalendarDate, ageOn, birthdayOfAge } from '../calendar/calendar-date';
import type { Program } from '../catalog/measure';

/** §1: own participation from the completed 15th year of life. */
export const ownParticipationAge = 15;

/** §1: whether a person may declare participation on their own on `date`. */
export function mayParticipateOnOwn(birthDate: CalendarDate, date: CalendarDate, fromAge = ownParticipationAge): boolean {
  return ageOn(birthDate, date) >= fromAge;
}

/**
 * §1: the program for the whole participation year, fixed by the age on the day of the
 * application. A child that turns 15 later in the year stays in the children's program.
 */
export function programFor(birthDate: CalendarDate, applicationDate: CalendarDate, fromAge = ownParticipationAge): Program {
  return mayParticipateOnOwn(birthDate, applicationDate, fromAge) ? 'adult' : 'child';
}

/** The first day on which a person may take part on their own (their 15th birthday). */
export function ownParticipationFrom(birthDate: CalendarDate, fromAge = ownParticipationAge): CalendarDate {
  return birthdayOfAge(birthDate, fromAge);
}
