import type { UnreadableImage } from '../contract';
import { isImagingError } from '../imaging/errors';
import type { ImagingWorker } from '../imaging/worker/imaging-worker-client';

/** The image work the kiosk needs (recognizePage: a page of the member's printed booklet); in the station the imaging worker thread, like all imaging. */
export type KioskImaging = Pick<ImagingWorker, 'normalizePhoto' | 'normalizeSignature' | 'recognizePage'>;

/**
 * A camera photo or scanned page as kept for evidence: normalized (upright, bounded, no metadata)
 * and readable, or why the member should take it again. A failed worker is not the member's
 * problem and is thrown.
 */
export async function readablePhoto(imaging: KioskImaging, bytes: Buffer): Promise<{ jpeg: Buffer; width: number; height: number } | { problem: UnreadableImage }> {
  try {
    const photo = await imaging.normalizePhoto(bytes);
    if (photo.quality.verdict !== 'ok') return { problem: photo.quality.verdict };
    return { jpeg: photo.jpeg, width: photo.width, height: photo.height };
  } catch (error) {
    if (isImagingError(error) && error.code !== 'worker_failed') return { problem: error.code };
    throw error;
  }
}
