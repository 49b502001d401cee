/**
 * Errors of the imaging layer. Every way an image from outside can be unusable ends in one
 * of these codes, so the kiosk and the clerk's screens can say what happened in plain words;
 * nothing in here may crash the station on a bad file.
 */
export const imagingErrorCodes = [
  'not_an_image', // not a format we decode (a text file, a PDF, random bytes)
  'image_corrupt', // a known format, but truncated or damaged
  'image_too_large', // more pixels than the configured limit (decompression bomb guard)
  'image_too_small', // too few pixels to be a photo or a scanned page
  'worker_failed', // the imaging worker died or could not start
] as const;
export type ImagingErrorCode = (typeof imagingErrorCodes)[number];

export class ImagingError extends Error {
  override readonly name = 'ImagingError';
  constructor(
    readonly code: ImagingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isImagingError(value: unknown): value is ImagingError {
  return value instanceof ImagingError;
}
