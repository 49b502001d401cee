import { z } from 'zod';
import { method } from './define';
import { KioskReceipt } from './kiosk';
import { KioskScanProblem } from './kiosk-scan';

const ymd = z.string().max(4096).regex(/^\d{4}-\d{2}-\d{2}$/);
const measure = z.number().int().min(1).max(99);

/**
 * A page of the member's printed booklet read at the kiosk: scanned on the document scanner or
 * photographed with the station camera, recognized in main's imaging worker, and shown with the
 * stamps found for the member to confirm. Only the member's own booklet is read (the booklet id
 * is checked against the card holder and the children they manage); on confirmation one
 * booklet-stamp proof per field goes to the insurer's review with the field's crop and the page.
 */
export const BookletPageSource = z.discriminatedUnion('source', [
  z.object({ source: z.literal('scanner') }).strict(),
  z.object({ source: z.literal('camera'), photo: z.object({ dataBase64: z.string().min(16).max(24_000_000) }).strict() }).strict(),
]);
export type BookletPageSource = z.infer<typeof BookletPageSource>;

export const BookletPageProblem = z.enum([
  // The scanner could not scan, or the picture cannot be read at all.
  ...KioskScanProblem.options,
  /** Not a page of a printed Bonus ABC booklet, or its marks or code are not readable. */
  'unregistered',
  /** The booklet belongs to somebody else (or nobody the insurer knows for this card). */
  'foreign-booklet',
  /** The booklet of a child the member manages: the child's booklet must be opened first. */
  'child-booklet',
  /** The kiosk cannot check whose the booklet is right now (no connection to the insurer). */
  'owner-unknown',
  /** The page is of a booklet year that can no longer be submitted. */
  'closed-year',
  /** Participation for the booklet's year is not declared yet. */
  'not-participating',
]);
export type BookletPageProblem = z.infer<typeof BookletPageProblem>;

/** Where a field lies on the page image, as shares (0-1) of its width and height. */
const Box = z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1), width: z.number().min(0).max(1), height: z.number().min(0).max(1) }).strict();

export const BookletPageField = z
  .object({
    measure,
    box: Box,
    /**
     * stamped / unsure: offered for confirmation (unsure ones not preselected); empty: nothing
     * found; credited: the field is credited or waiting for review already and is not submitted again.
     */
    state: z.enum(['stamped', 'unsure', 'empty', 'credited']),
  })
  .strict();
export type BookletPageField = z.infer<typeof BookletPageField>;

export const BookletPageReading = z
  .object({
    readingId: z.uuid(),
    year: z.number().int(),
    page: z.number().int().min(1).max(99),
    image: z.object({ jpegBase64: z.string().max(64_000_000).min(16), width: z.number().int().positive(), height: z.number().int().positive() }).strict(),
    fields: z.array(BookletPageField).max(20),
  })
  .strict();
export type BookletPageReading = z.infer<typeof BookletPageReading>;

export const BookletPageResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), reading: BookletPageReading }).strict(),
  z.object({ ok: z.literal(false), problem: BookletPageProblem }).strict(),
]);
export type BookletPageResult = z.infer<typeof BookletPageResult>;

export const kioskBookletMethods = {
  /** Reads one page of the member's paper booklet (scanner or camera); nothing is submitted yet. */
  kioskReadBookletPage: method(BookletPageSource, BookletPageResult),
  /** Submits the confirmed stamps of the last page read: one booklet-stamp proof per field, dated as the member says. */
  kioskSubmitBookletStamps: method(z.object({ readingId: z.uuid(), measures: z.array(measure).min(1).max(20), performedOn: ymd }).strict(), KioskReceipt),
};
