import { describe, expect, it } from 'vitest';
import { sniffImage } from './image-kind';

const bytes = (...b: number[]) => Uint8Array.from(b);
const jpegHead = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46);
const pngHead = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const pngTail = bytes(1, 2, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82);
const text = (s: string) => new TextEncoder().encode(s);

describe('hot folder file kinds', () => {
  it('takes complete JPEG, PNG and TIFF by their bytes', () => {
    expect(sniffImage(jpegHead, bytes(1, 2, 0xff, 0xd9), 100)).toEqual({ ok: true, kind: 'jpeg', complete: true });
    expect(sniffImage(jpegHead, bytes(1, 2, 0xff, 0xd9, 0, 0, 0), 100)).toEqual({ ok: true, kind: 'jpeg', complete: true });
    expect(sniffImage(pngHead, pngTail, 100)).toEqual({ ok: true, kind: 'png', complete: true });
    expect(sniffImage(text('II*\0'), bytes(0), 100)).toEqual({ ok: true, kind: 'tiff', complete: true });
    expect(sniffImage(text('MM\0*'), bytes(0), 100)).toEqual({ ok: true, kind: 'tiff', complete: true });
  });

  it('sees a JPEG or PNG without its end marker as not yet complete', () => {
    expect(sniffImage(jpegHead, bytes(1, 2, 3), 100)).toMatchObject({ ok: true, complete: false });
    expect(sniffImage(pngHead, bytes(1, 2, 3), 100)).toMatchObject({ ok: true, complete: false });
  });

  it('refuses PDF with a hint for the scanner software, and anything else as not an image', () => {
    expect(sniffImage(text('%PDF-1.7\n'), bytes(), 100)).toEqual({ ok: false, reason: expect.stringMatching(/PDF.*JPEG, PNG or TIFF/) });
    expect(sniffImage(text('Hello, world'), bytes(), 12)).toEqual({ ok: false, reason: expect.stringMatching(/not an image/) });
    expect(sniffImage(text('PK\u0003\u0004'), bytes(), 4)).toMatchObject({ ok: false });
    expect(sniffImage(bytes(), bytes(), 0)).toEqual({ ok: false, reason: 'empty file' });
  });
});
