import { programFor, type CalendarDate } from '../domain';
import type { MemberFacts } from './booklet-view';

/**
 * §1: who may manage a child's booklet at the kiosk. An adult member with a complete birth date
 * opens the booklet of a child under 15; the child is insured through them (family insurance).
 */
export function mayOpenChildBooklet(member: MemberFacts, today: CalendarDate): boolean {
  const birth = member.person.birthDate;
  return !birth.includes('-00') && programFor(birth, today) === 'adult';
}

/** §1: the children's program is for insured persons who have not yet completed their 15th year. */
export function isChild(birthDate: string, today: CalendarDate): boolean {
  return programFor(birthDate, today) === 'child';
}

/**
 * A child from the insurer's family list, whose card is not in the reader: what the booklet
 * needs comes from the family record, the cover from the parent's (family insurance).
 */
export function childFromFamilyList(child: { kvnr: string; firstName: string; birthDate: string }, memberRef: string, parent: MemberFacts): MemberFacts {
  return {
    memberRef,
    person: { kvnr: child.kvnr, title: null, firstName: child.firstName, namePrefix: null, lastName: '', nameSuffix: null, birthDate: child.birthDate, sex: 'X', address: null },
    cover: { ...parent.cover, insuredType: 'family' },
    card: null,
  };
}
