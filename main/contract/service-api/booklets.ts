import { z } from 'zod';
import { IsoDate, IsoDateTime, Kvnr, StationId, Year } from './common';

/** Paper booklets issued at clerk desks and linked to their member at the service. */

export const BookletIdParam = z.string().max(4096).regex(/^[0-9A-HJ-NP-Z]{6,16}$/, '6-16 characters of 0-9 and A-Z without I and O');
/** The station that printed a booklet tells the service whose it is; same link again = same answer, another member = conflict. */
export const BookletLinkUpload = z
  .object({ kvnr: Kvnr, birthDate: IsoDate, year: Year, program: z.enum(['adult', 'child']), legacy: z.boolean(), issuedAt: IsoDateTime })
  .strict();
export type BookletLinkUpload = z.infer<typeof BookletLinkUpload>;
export const BookletLinkRecord = BookletLinkUpload.extend({ bookletId: BookletIdParam, stationId: StationId });
export type BookletLinkRecord = z.infer<typeof BookletLinkRecord>;
