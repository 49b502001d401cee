import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bookletPdf } from './booklet-pdf';

const a5Points = { width: (148 * 72) / 25.4, height: (210 * 72) / 25.4 };

describe('the printable booklet', () => {
  it('is a PDF of A5 pages: three for adults (measures 1-12), two for children (13-18)', async () => {
    for (const [program, pages] of [['adult', 3], ['child', 2]] as const) {
      const pdf = await PDFDocument.load(await bookletPdf({ bookletId: 'K7M2Q9X4TR', year: 2026, program }));
      expect(pdf.getPageCount()).toBe(pages);
      for (const page of pdf.getPages()) {
        expect(page.getWidth()).toBeCloseTo(a5Points.width, 1);
        expect(page.getHeight()).toBeCloseTo(a5Points.height, 1);
      }
    }
  });

  it('holds no personal data and no time of printing', async () => {
    const pdf = await PDFDocument.load(await bookletPdf({ bookletId: 'K7M2Q9X4TR', year: 2026, program: 'adult' }));
    expect(pdf.getAuthor()).toBeUndefined();
    expect(pdf.getCreationDate()?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
