import { z } from 'zod';
import { method } from './define';

/**
 * Card sessions: one per inserted eGK, from insertion to removal. On removal the session and
 * everything derived from it disappears from `cardSessions` at once; screens that show card
 * data must clear themselves when their session is no longer listed.
 */

const ymd = z.string().max(4096).regex(/^\d{4}-\d{2}-\d{2}$/);

export const InsuredAddress = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('street'),
    street: z.string().max(4096),
    houseNumber: z.string().max(4096).nullable(),
    addition: z.string().max(4096).nullable(),
    postalCode: z.string().max(4096),
    city: z.string().max(4096),
    /** Wohnsitzlaendercode as on the card: "D" for Germany, e.g. "A", "NL" abroad. */
    countryCode: z.string().max(4096),
  }),
  z.object({ kind: z.literal('postbox'), postBox: z.string().max(4096), postalCode: z.string().max(4096), city: z.string().max(4096), countryCode: z.string().max(4096) }),
]);
export type InsuredAddress = z.infer<typeof InsuredAddress>;

export const InsuredPerson = z.object({
  kvnr: z.string().max(4096),
  title: z.string().max(4096).nullable(),
  firstName: z.string().max(4096),
  /** Vorsatzwort, e.g. "von". */
  namePrefix: z.string().max(4096).nullable(),
  lastName: z.string().max(4096),
  /** Namenszusatz, e.g. "Freifrau". */
  nameSuffix: z.string().max(4096).nullable(),
  /** Month and day may be "00" where the register does not know them. */
  birthDate: ymd,
  sex: z.enum(['M', 'W', 'X', 'D']),
  address: InsuredAddress.nullable(),
});
export type InsuredPerson = z.infer<typeof InsuredPerson>;

export const InsuranceCover = z.object({
  insurerIk: z.string().max(4096).regex(/^\d{9}$/),
  insurerName: z.string().max(4096),
  insurerCountryCode: z.string().max(4096).nullable(),
  coverStart: ymd,
  coverEnd: ymd.nullable(),
  insuredType: z.enum(['member', 'family', 'pensioner', 'other']),
  insuredTypeCode: z.string().max(4096),
});
export type InsuranceCover = z.infer<typeof InsuranceCover>;

export const HealthCardFacts = z.object({
  iccsn: z.string().max(4096).regex(/^\d{20}$/),
  /** What the online branch asks for. */
  iccsnLastFour: z.string().max(4096).regex(/^\d{4}$/),
  generation: z.enum(['G1', 'G1+', 'G2', 'G2.1', 'unknown']),
  statusVdTimestamp: z.string().max(4096).nullable(),
  updatePending: z.boolean(),
  schemaVersion: z.enum(['5.1', '5.2']),
});
export type HealthCardFacts = z.infer<typeof HealthCardFacts>;

/**
 * What the station reads from an eGK (docs/egk-card.md): the insured person, the cover and the
 * card's own facts. The native reader (native/card/egk) decodes the card into exactly this type.
 */
export const EgkData = z.object({ person: InsuredPerson, insurance: InsuranceCover, card: HealthCardFacts });
export type EgkData = z.infer<typeof EgkData>;

/** Why a card in the reader cannot start a session; each has its own text in the UI. */
export const cardRejections = ['not-health-card', 'unreadable', 'invalid-kvnr', 'cover-not-started', 'cover-ended', 'insurer-not-accepted'] as const;
export const CardRejection = z.enum(cardRejections);
export type CardRejection = z.infer<typeof CardRejection>;

const sessionBase = { sessionId: z.string().max(4096), reader: z.string().max(4096), insertedAt: z.string().max(4096) };

export const CardSession = z.discriminatedUnion('state', [
  z.object({ ...sessionBase, state: z.literal('reading') }),
  z.object({ ...sessionBase, state: z.literal('ready'), person: InsuredPerson, cover: InsuranceCover, card: HealthCardFacts }),
  z.object({
    ...sessionBase,
    state: z.literal('rejected'),
    reason: CardRejection,
    /** Technical hint for staff (file and status word), never card content. */
    detail: z.string().max(4096).optional(),
    /** Only for cover-not-started / cover-ended: the dates the member is told. */
    coverStart: ymd.optional(),
    coverEnd: ymd.optional(),
    /** Only for insurer-not-accepted. */
    insurerName: z.string().max(4096).optional(),
  }),
]);
export type CardSession = z.infer<typeof CardSession>;

export const CardSessions = z.object({ sessions: z.array(CardSession) });
export type CardSessions = z.infer<typeof CardSessions>;

/** A card left a reader. `duringRead`: it was pulled before the read finished. */
export const CardRemoved = z.object({ reader: z.string().max(4096), sessionId: z.string().max(4096), duringRead: z.boolean(), at: z.string().max(4096) });
export type CardRemoved = z.infer<typeof CardRemoved>;

export const cardEvents = {
  cardSessions: CardSessions,
  cardRemoved: CardRemoved,
};

export const cardMethods = {
  getCardSessions: method(z.object({}).strict(), CardSessions),
};
