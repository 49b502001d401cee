import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Language } from '../contract';
import { qrModules } from '../imaging/booklet/qr-matrix';
import { receiptLines, type PrintableReceipt } from './receipt-texts';

const mm = 72 / 25.4;

export type ReceiptPaper = '80mm' | 'a4';

/** The page the receipt is printed on, in mm: an 80 mm roll (as long as the text needs) or A4. */
export function mediaOf(paper: ReceiptPaper, heightMm: number): string {
  return paper === 'a4' ? 'A4' : `Custom.80x${Math.ceil(heightMm)}mm`;
}

/** Breaks a text into lines no wider than `width` points in the font and size given. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The receipt as a PDF for the kiosk's printer: program, branch, what was submitted, the
 * reference in large type and as a QR code, date and the member's initials (the only personal
 * data it carries). An 80 mm roll gets a page exactly as long as the receipt; A4 puts the same
 * block at the top of the sheet. Standard fonts: German letters and € are in their encoding.
 */
export async function receiptPdf(receipt: PrintableReceipt, language: Language, branch: string, paper: ReceiptPaper): Promise<{ pdf: Uint8Array; heightMm: number }> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${receipt.kind === 'payout' ? 'Auszahlung' : 'Beleg'} ${receipt.reference}`);
  doc.setProducer('Bonus Station');
  doc.setCreationDate(new Date(receipt.submittedAt));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const words = receiptLines(receipt, language, branch);
  const width = 72 * mm;
  const qr = qrModules(receipt.reference);
  const qrSize = 34 * mm;

  // What goes on the page, top to bottom: [text, font, size, gap after].
  const blocks: { lines: string[]; font: PDFFont; size: number; after: number }[] = [
    { lines: wrap(words.program, bold, 10, width), font: bold, size: 10, after: 1 * mm },
    { lines: wrap(words.branch, regular, 9, width), font: regular, size: 9, after: 4 * mm },
    { lines: wrap(words.title, bold, 12, width), font: bold, size: 12, after: 4 * mm },
    { lines: [words.reference], font: regular, size: 9, after: 1 * mm },
    { lines: [receipt.reference], font: bold, size: 18, after: 6 * mm },
  ];
  const after: typeof blocks = [
    { lines: wrap(words.what, bold, 10, width), font: bold, size: 10, after: 1.5 * mm },
    { lines: wrap(words.when, regular, 9, width), font: regular, size: 9, after: 0.5 * mm },
    { lines: wrap(words.who, regular, 9, width), font: regular, size: 9, after: 4 * mm },
    { lines: wrap(words.keep, regular, 8, width), font: regular, size: 8, after: 0 },
  ];
  const heightOf = (list: typeof blocks) => list.reduce((sum, b) => sum + b.lines.length * b.size * 1.25 + b.after, 0);
  // The QR code keeps a quiet zone of white around it (about four modules) for scanners.
  const contentHeight = heightOf(blocks) + qrSize + 6 * mm + heightOf(after);
  const margin = 4 * mm;
  const pageHeight = paper === 'a4' ? 297 * mm : contentHeight + 2 * margin;
  const page = doc.addPage([paper === 'a4' ? 210 * mm : 80 * mm, pageHeight]);
  const left = paper === 'a4' ? 20 * mm : margin;
  let y = pageHeight - (paper === 'a4' ? 20 * mm : margin);

  const draw = (p: PDFPage, list: typeof blocks) => {
    for (const block of list) {
      for (const line of block.lines) {
        y -= block.size * 1.25;
        p.drawText(line, { x: left, y: y + block.size * 0.25, size: block.size, font: block.font, color: rgb(0, 0, 0) });
      }
      y -= block.after;
    }
  };
  draw(page, blocks);
  // The reference as a QR code, so the branch can scan it from the receipt.
  const cell = qrSize / qr.length;
  y -= qrSize;
  const qrLeft = left + 6 * mm;
  qr.forEach((row, r) => row.forEach((dark, c) => dark && page.drawRectangle({ x: qrLeft + c * cell, y: y + qrSize - (r + 1) * cell, width: cell, height: cell, color: rgb(0, 0, 0) })));
  y -= 6 * mm;
  draw(page, after);
  return { pdf: await doc.save(), heightMm: pageHeight / mm };
}
