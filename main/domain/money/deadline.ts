import { berlinStartOfDay } from '../calendar/berlin-time';
import { type CalendarDate, addDays, parseCalendarDate, writtenDate } from '../calendar/calendar-date';
import type { LocalizedText, RuleSet } from '../catalog/measure';

export interface SubmissionDeadline {
  /** §2.1: the last Berlin calendar day on which the year can be submitted. */
  lastDay: CalendarDate;
  /** The instant the claim lapses: 00:00 Europe/Berlin on the day after, as UTC ISO text. */
  endsAt: string;
  endsAtMs: number;
}

const deadlines = new Map<string, SubmissionDeadline>();

/** §2.1: the bonus of a year can be submitted until 30.06. of the following year. */
export function submissionDeadline(year: number, ruleSet: Pick<RuleSet, 'submissionDeadline'>): SubmissionDeadline {
  const key = `${year}:${ruleSet.submissionDeadline}`;
  const known = deadlines.get(key);
  if (known) return known;
  const computed = computeDeadline(year, ruleSet.submissionDeadline);
  deadlines.set(key, computed);
  return computed;
}

function computeDeadline(year: number, monthDay: string): SubmissionDeadline {
  const lastDay = `${year + 1}-${monthDay}`;
  if (!parseCalendarDate(lastDay)) throw new RangeError(`Invalid submission deadline ${monthDay}`);
  const endsAtMs = berlinStartOfDay(addDays(lastDay, 1));
  return { lastDay, endsAt: new Date(endsAtMs).toISOString(), endsAtMs };
}

export type ClaimStatus = 'open' | 'submitted_in_time' | 'expired' | 'on_hold' | 'forfeited';

export interface Claim {
  status: ClaimStatus;
  deadline: { lastDay: CalendarDate; endsAt: string };
  text: LocalizedText;
}

export interface ClaimInput {
  year: number;
  ruleSet: Pick<RuleSet, 'submissionDeadline'>;
  asOfMs: number;
  submittedAtMs?: number;
  misuse: 'none' | 'suspected' | 'exclusion_without_hearing' | 'excluded';
}

/** §2.1 deadline and §2.5 misuse: whether the year's bonus can (still) be paid. */
export function claimFor(input: ClaimInput): Claim {
  const d = submissionDeadline(input.year, input.ruleSet);
  const deadline = { lastDay: d.lastDay, endsAt: d.endsAt };
  const day = writtenDate(d.lastDay, 'de');
  const dayEn = writtenDate(d.lastDay, 'en');
  if (input.misuse === 'excluded') {
    return { status: 'forfeited', deadline, text: { de: 'Nach dem Ausschluss besteht kein Anspruch auf die Prämie (§ 2.5).', en: 'After the exclusion there is no claim to the premium (§2.5).' } };
  }
  if (input.misuse !== 'none') {
    return { status: 'on_hold', deadline, text: { de: 'Die Auszahlung ruht, bis der Verdacht geklärt ist (§ 2.5).', en: 'The payout is on hold until the suspicion is cleared (§2.5).' } };
  }
  // §2.1: a late request has no claim; what counts is the moment of submission, in Berlin time.
  const moment = input.submittedAtMs ?? input.asOfMs;
  if (moment >= d.endsAtMs) {
    return {
      status: 'expired',
      deadline,
      text: {
        de: `Die Frist zur Einreichung endete am ${day}. Für verspätete Einreichungen besteht kein Anspruch mehr auf die Auszahlung (§ 2.1).`,
        en: `The submission deadline was ${dayEn}. A late submission has no claim to the payout (§2.1).`,
      },
    };
  }
  if (input.submittedAtMs !== undefined) {
    return { status: 'submitted_in_time', deadline, text: { de: `Rechtzeitig eingereicht (Frist: ${day}).`, en: `Submitted in time (deadline: ${dayEn}).` } };
  }
  return {
    status: 'open',
    deadline,
    text: { de: `Sie können den Bonus für ${input.year} bis zum ${day} einreichen (§ 2.1).`, en: `You can submit the bonus for ${input.year} until ${dayEn} (§2.1).` },
  };
}
