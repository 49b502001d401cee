import { type CalendarDate, yearOf } from '../calendar/calendar-date';
import type { Payout } from '../case/schema';

/**
 * §2.1 (Bürgerentlastungsgesetz): a paid premium may count as a contribution refund and is
 * reported electronically to the tax authorities; the insured gets a certificate in the year
 * after the payout. This is what such a report needs.
 */
export interface TaxReportEntry {
  personRef: string;
  participationYear: number;
  amountCents: number;
  payoutDate: CalendarDate;
  /** The tax year is the year of the payout, not the participation year. */
  taxYear: number;
  /** The certificate goes out in the year after the payout. */
  certificateYear: number;
  payoutId: string;
}

export function taxReportFor(personRef: string, payout: Payout): TaxReportEntry {
  const taxYear = yearOf(payout.paidOn);
  return {
    personRef,
    participationYear: payout.year,
    amountCents: payout.amountCents,
    payoutDate: payout.paidOn,
    taxYear,
    certificateYear: taxYear + 1,
    payoutId: payout.id,
  };
}
