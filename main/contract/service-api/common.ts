import { z } from 'zod';

/** Scalars every part of the service API shares, and the error body of every refusal. */

// KVNR: a letter and nine digits (docs/egk-card.md); the check digit is the card reader's business.
export const Kvnr = z.string().max(4096).regex(/^[A-Z][0-9]{9}$/, 'a letter and nine digits');
// ICCSN of the eGK: 20 digits (10 bytes BCD).
export const CardNumber = z.string().max(4096).regex(/^[0-9]{20}$/, '20 digits');
export const Sha256Hex = z.string().max(4096).regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');
export const StationId = z.string().max(4096).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64 characters');
export const IsoDate = z.iso.date();
export const IsoDateTime = z.iso.datetime({ offset: true }).max(64);
export const Year = z.number().int().min(2000).max(2100);
export const MeasureNumber = z.number().int().min(1).max(18);

export const ApiError = z.object({
  error: z.object({
    code: z.string().max(4096),
    message: z.string().max(4096),
    fields: z.array(z.string().max(4096)).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
