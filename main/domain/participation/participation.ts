import { type CalendarDate, endOfYear, minDate, startOfYear, yearOf } from '../calendar/calendar-date';
import type { LocalizedText, Program, RuleSet } from '../catalog/measure';
import type { Declaration, Participant } from '../case/schema';
import { firstMemberDayWithin } from './membership';
import { programFor } from './program';

export type ParticipationIssueCode =
  | 'not_declared'
  | 'consent_missing'
  | 'representative_required'
  | 'declared_in_other_year'
  | 'no_membership'
  | 'program_mismatch';

export interface ParticipationIssue {
  code: ParticipationIssueCode;
  text: LocalizedText;
}

export interface ParticipationPeriod {
  from: CalendarDate;
  to: CalendarDate;
}

export interface Participation {
  /** 'active' when a valid declaration covers the year; otherwise nothing counts. */
  status: 'active' | 'not_participating';
  program: Program;
  period: ParticipationPeriod | null;
  declaration: Declaration | null;
  /** §3.2: the day participation was ended during the year. */
  endedOn?: CalendarDate;
  issues: ParticipationIssue[];
}

const issueTexts: Record<ParticipationIssueCode, LocalizedText> = {
  not_declared: {
    de: 'Für dieses Jahr wurde keine Teilnahme erklärt. Die Teilnahme muss jedes Jahr neu erklärt werden (§ 1, § 3.1).',
    en: 'No participation was declared for this year. Participation has to be declared again every year (§1, §3.1).',
  },
  consent_missing: {
    de: 'Die Einwilligung in die Verarbeitung der Daten nach § 284 Abs. 1 SGB V fehlt; ohne sie ist keine Teilnahme möglich (§ 4).',
    en: 'The consent to data processing under §284(1) SGB V is missing; without it participation is not possible (§4).',
  },
  representative_required: {
    de: 'Für Kinder unter 15 Jahren erklärt der gesetzliche Vertreter die Teilnahme (§ 1).',
    en: 'For children under 15, the legal representative declares participation (§1).',
  },
  declared_in_other_year: {
    de: 'Die Teilnahme gilt für das Kalenderjahr, in dem sie erklärt wurde (§ 1).',
    en: 'Participation applies to the calendar year in which it was declared (§1).',
  },
  no_membership: {
    de: 'In diesem Jahr bestand keine Mitgliedschaft bei der BMW BKK; Maßnahmen können nicht gewertet werden (§ 2.1).',
    en: 'There was no membership with BMW BKK in this year; measures cannot count (§2.1).',
  },
  program_mismatch: {
    de: 'Das Programm richtet sich nach dem Alter am Tag der Antragstellung (§ 1); das hinterlegte Programm passt nicht dazu.',
    en: 'The program follows the age on the day of the application (§1); the program on record does not match it.',
  },
};

export function participationIssue(code: ParticipationIssueCode): ParticipationIssue {
  return { code, text: issueTexts[code] };
}

/** Why a declaration does not make a valid participation in `year` (empty when it does). */
export function declarationIssues(participant: Participant, declaration: Declaration, year: number, ruleSet: RuleSet): ParticipationIssueCode[] {
  const issues: ParticipationIssueCode[] = [];
  // §4: the consent is given with the declaration; no consent, no participation.
  if (!declaration.consentSgbV284) issues.push('consent_missing');
  // §1: under 15 on the day of the application, only the legal representative can declare.
  const program = programFor(participant.birthDate, declaration.declaredOn, ruleSet.ownParticipationFromAge);
  if (program === 'child' && declaration.declaredBy.role !== 'legal_representative') issues.push('representative_required');
  // §1: the period starts on 01.01 of the year of the declaration; §2.1: a renewal may be
  // declared together with submitting the previous year, which can happen before 01.01.
  const declaredYear = yearOf(declaration.declaredOn);
  const renewalAhead = declaration.renewalOfYear === year - 1 && declaredYear === year - 1;
  if (declaration.year !== year || (declaredYear !== year && !renewalAhead)) issues.push('declared_in_other_year');
  return issues;
}

/** §1, §3: whether and how the participant takes part in `year`. */
export function participationFor(participant: Participant, year: number, ruleSet: RuleSet): Participation {
  const candidates = participant.declarations
    .filter((d) => d.year === year)
    .sort((a, b) => (a.declaredOn < b.declaredOn ? -1 : a.declaredOn > b.declaredOn ? 1 : 0));
  const fallbackProgram = participant.program ?? programFor(participant.birthDate, startOfYear(year), ruleSet.ownParticipationFromAge);
  if (candidates.length === 0) {
    return { status: 'not_participating', program: fallbackProgram, period: null, declaration: null, issues: [participationIssue('not_declared')] };
  }
  // The first valid declaration decides; a repeated one changes nothing (program stays fixed).
  const valid = candidates.find((d) => declarationIssues(participant, d, year, ruleSet).length === 0);
  if (!valid) {
    const first = candidates[0] as Declaration;
    const codes = declarationIssues(participant, first, year, ruleSet);
    return { status: 'not_participating', program: fallbackProgram, period: null, declaration: first, issues: codes.map(participationIssue) };
  }
  const program = programFor(participant.birthDate, valid.declaredOn, ruleSet.ownParticipationFromAge);
  const issues: ParticipationIssue[] = [];
  if (participant.program !== undefined && participant.program !== program) issues.push(participationIssue('program_mismatch'));
  // §1: from 01.01, during the year at the earliest with the start of membership; §3.1: to 31.12.
  const yearEnd = endOfYear(year);
  const from = firstMemberDayWithin(participant.memberships, startOfYear(year), yearEnd);
  if (from === undefined) {
    return { status: 'not_participating', program, period: null, declaration: valid, issues: [...issues, participationIssue('no_membership')] };
  }
  // §3.2: ended during the year; measures after that day do not count.
  const to = valid.endedOn !== undefined ? minDate(valid.endedOn, yearEnd) : yearEnd;
  return {
    status: 'active',
    program,
    period: { from, to },
    declaration: valid,
    ...(valid.endedOn !== undefined ? { endedOn: valid.endedOn } : {}),
    issues,
  };
}

/**
 * §3.2: participation can be ended at any time during the year, without a separate notice;
 * measures up to and including `lastDay` keep counting (§2.1 applies as before).
 */
export function endParticipation(declaration: Declaration, lastDay: CalendarDate): Declaration {
  if (yearOf(lastDay) !== declaration.year) throw new RangeError(`Participation for ${declaration.year} cannot end on ${lastDay}.`);
  if (declaration.endedOn !== undefined && declaration.endedOn <= lastDay) return declaration;
  return { ...declaration, endedOn: lastDay };
}
