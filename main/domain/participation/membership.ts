import type { CalendarDate } from '../calendar/calendar-date';
import type { MembershipPeriod } from '../case/schema';

/** §2.1: whether the insurer insured the person on `date`. */
export function isMemberOn(memberships: readonly MembershipPeriod[], date: CalendarDate): boolean {
  return memberships.some((p) => p.from <= date && (p.to === undefined || date <= p.to));
}

/** The first day of membership inside [from, to], or undefined without membership there. */
export function firstMemberDayWithin(memberships: readonly MembershipPeriod[], from: CalendarDate, to: CalendarDate): CalendarDate | undefined {
  let first: CalendarDate | undefined;
  for (const p of memberships) {
    if (p.from > to || (p.to !== undefined && p.to < from)) continue;
    const start = p.from > from ? p.from : from;
    if (first === undefined || start < first) first = start;
  }
  return first;
}
