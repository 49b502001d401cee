import { z } from 'zod';
import { method } from './define';
import { UnreadableImage } from './kiosk';

/**
 * A page from the kiosk's document scanner as evidence. Main scans one page, normalizes it like
 * a camera photo (upright, bounded, metadata gone) and checks that it is readable; the member
 * sees it and keeps it with `kioskAddEvidence` or scans again. Progress comes as `scanProgress`.
 */
export const KioskScanProblem = z.enum([
  // The page cannot be read (the photo check, main/imaging).
  ...UnreadableImage.options,
  // The scanner could not scan.
  'busy',
  'jammed',
  'cover-open',
  'feeder-empty',
  'failed',
]);
export type KioskScanProblem = z.infer<typeof KioskScanProblem>;

export const KioskScanResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), page: z.object({ jpegBase64: z.string().max(64_000_000).min(16), width: z.number().int().positive(), height: z.number().int().positive() }) }),
  z.object({ ok: z.literal(false), problem: KioskScanProblem }),
]);
export type KioskScanResult = z.infer<typeof KioskScanResult>;

export const kioskScanMethods = {
  /** Scans one page on the kiosk's document scanner for the member in session. */
  kioskScanPage: method(z.object({}).strict(), KioskScanResult),
};
