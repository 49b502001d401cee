import { z } from 'zod';

/** Scalars every part of the service API shares, and the error body of every refusal. */

// KVNR: a letter and nine digits (docs/egk-card.md); the check digit is the card reader's business.
export const Kvnr = z.string().regex(/^[A-Z][0-9]{9}$/, 'a letter and nine digits');
// ICCSN of the eGK: 20 digits (10 bytes BCD).
export const CardNumber = z.string().regex(/^[0-9]{20}$/, '20 digits');
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');
export const StationId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64 characters');
export const IsoDate = z.iso.date();
export const IsoDateTime = z.iso.datetime({ offset: true });
export const Year = z.number().int().min(2000).max(2100);
export const MeasureNumber = z.number().int().min(1).max(18);

export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.string()).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
