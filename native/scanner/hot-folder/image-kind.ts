/**
 * What a file in the hot folder is, from its bytes: the name and extension come from whatever the
 * scanner software or a person chose and prove nothing. JPEG and PNG have an end marker, so a
 * file that lacks it is still being written (or truncated); TIFF has none and relies on the
 * size staying stable. PDF is refused rather than converted: rendering PDF pages belongs to the
 * image pipeline, and scanner software can always be set to save images instead.
 */
export type ImageKind = 'jpeg' | 'png' | 'tiff';

export type Sniffed = { ok: true; kind: ImageKind; complete: boolean } | { ok: false; reason: string };

/** Bytes needed from the start and from the end of a file to decide. */
export const headBytes = 16;
export const tailBytes = 64;

const pngEnd = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

export function sniffImage(head: Uint8Array, tail: Uint8Array, size: number): Sniffed {
  if (size === 0) return { ok: false, reason: 'empty file' };
  const starts = (bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts([0xff, 0xd8, 0xff])) return { ok: true, kind: 'jpeg', complete: jpegEnds(tail) };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, kind: 'png', complete: endsWith(tail, pngEnd) };
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return { ok: true, kind: 'tiff', complete: true };
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return { ok: false, reason: 'PDF is not taken here: set the scanner software to save pages as JPEG, PNG or TIFF' };
  }
  return { ok: false, reason: 'not an image: only JPEG, PNG or TIFF files are taken' };
}

/** JPEG ends with FF D9; some writers pad with zero bytes after it. */
function jpegEnds(tail: Uint8Array): boolean {
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0x00) end -= 1;
  return end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9;
}

function endsWith(tail: Uint8Array, bytes: number[]): boolean {
  if (tail.length < bytes.length) return false;
  const offset = tail.length - bytes.length;
  return bytes.every((b, i) => tail[offset + i] === b);
}
