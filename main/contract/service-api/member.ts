import { z } from 'zod';
import { CardNumber, IsoDate, IsoDateTime, Kvnr, MeasureNumber, Year } from './common';
import { StaffId } from '../staff';

/** What the service tells a station about a member: the state at the kiosk, the clerk desk's exact search. */

export const MemberStateRequest = z.object({ kvnr: Kvnr, cardNumber: CardNumber }).strict();
export const MemberState = z.object({
  participation: z.array(z.object({ year: Year, program: z.enum(['adult', 'child']), declaredAt: IsoDateTime })),
  credited: z.array(z.object({ year: Year, measures: z.array(MeasureNumber) })),
  children: z.array(z.object({ kvnr: Kvnr, firstName: z.string().max(4096), birthDate: IsoDate })),
  bank: z.object({ ibanMasked: z.string().max(4096) }).nullable(),
  /** The printed booklets of the member and of the children listed above (the kiosk reads only these). */
  booklets: z.array(z.object({ bookletId: z.string().max(64), kvnr: Kvnr, year: Year })).max(200).optional(),
});
export type MemberState = z.infer<typeof MemberState>;

/**
 * Clerk desk: exact last name, first name and birth date (case and accents ignored), never a
 * partial name, so the endpoint lists no one the clerk could not already name precisely.
 */
export const MemberSearchRequest = z
  .object({
    lastName: z.string().trim().min(1).max(100),
    firstName: z.string().trim().min(1).max(100),
    birthDate: IsoDate,
    /** The signed-in clerk who searches: in the signed body, so the service audits and rate-limits per person. */
    staffId: StaffId,
  })
  .strict();
export const MemberSearchResponse = z.object({
  members: z.array(z.object({ kvnr: Kvnr, firstName: z.string().max(4096), lastName: z.string().max(4096), birthDate: IsoDate })).max(5),
});
export type MemberSearchResponse = z.infer<typeof MemberSearchResponse>;
