import { z } from 'zod';
import { CardNumber, IsoDateTime, Kvnr } from './common';

/** Protected changes (bank details, address) the member approves in the insurer's app. */

export const Iban = z.string().max(4096).regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/, 'an IBAN without spaces');
export const ChangeRequestCreate = z
  .object({
    id: z.uuid(),
    kvnr: Kvnr,
    cardNumber: CardNumber,
    change: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('bank'), iban: Iban, accountHolder: z.string().min(1).max(140) }).strict(),
      z.object({ kind: z.literal('address'), street: z.string().min(1).max(140), postalCode: z.string().max(4096).regex(/^[0-9]{5}$/), city: z.string().min(1).max(140) }).strict(),
    ]),
  })
  .strict();
export const ChangeRequestStatus = z.object({
  id: z.uuid(),
  kind: z.enum(['bank', 'address']),
  state: z.enum(['awaiting-member', 'applied', 'declined', 'expired']),
  expiresAt: IsoDateTime,
  /**
   * How long the member still has, by the service's clock when it answered (0 once answered or
   * expired). A station counts down from this with its own clock, so a station clock that is off
   * does not show a wrong time left; `expiresAt` is the service's moment.
   */
  expiresInMs: z.number().int().nonnegative().optional(),
});
export type ChangeRequestStatus = z.infer<typeof ChangeRequestStatus>;
export const MemberAppResponse = z.object({ approve: z.boolean() }).strict();
