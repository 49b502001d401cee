import { berlinDateOf, parseInstant } from '../calendar/berlin-time';
import { yearOf } from '../calendar/calendar-date';
import type { Declaration } from '../case/schema';

export interface RenewalRequest {
  /** The participation year whose measures are being submitted. */
  submittedYear: number;
  /** When the submission was made (ISO instant with offset). */
  submittedAt: string;
  channel: Declaration['channel'];
  declaredBy: Declaration['declaredBy'];
  consentSgbV284: boolean;
  termsVersion: string;
}

/**
 * §2.1, §3.1: participation ends on 31.12; the next year can be declared together with
 * submitting the collected measures. The declaration is for the year after the submitted one.
 */
export function renewalDeclaration(request: RenewalRequest): Declaration {
  const ms = parseInstant(request.submittedAt);
  if (ms === null) throw new RangeError(`submittedAt is not an instant with offset: ${request.submittedAt}`);
  const declaredOn = berlinDateOf(ms);
  const year = request.submittedYear + 1;
  if (yearOf(declaredOn) > year) throw new RangeError(`A submission made on ${declaredOn} cannot renew participation for ${year}.`);
  return {
    year,
    declaredOn,
    declaredAt: request.submittedAt,
    channel: request.channel,
    declaredBy: request.declaredBy,
    consentSgbV284: request.consentSgbV284,
    termsVersion: request.termsVersion,
    renewalOfYear: request.submittedYear,
  };
}
