import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { ruleSet2026, type Program, type RuleSet } from '../../domain/index';
import { encodePageId } from './qr-payload';
import { qrModules } from './qr-matrix';
import { fiducialBars } from './booklet-raster';
import { bookletTemplate, measureTitle, type BookletTemplate, type PageLayout, type RectMm } from './template';

/**
 * The printable paper booklet (terms §2.2.1: the provider stamps each field). One PDF per
 * booklet, A5 pages, printed from the shared template so the recognizer finds every box
 * where it was printed.
 */
export interface BookletPdfRequest {
  bookletId: string;
  year: number;
  program: Program;
  ruleSet?: RuleSet;
}

const pointsPerMm = 72 / 25.4;
const black = rgb(0, 0, 0);
const labelGray = rgb(0.45, 0.45, 0.45);

export async function bookletPdf(request: BookletPdfRequest): Promise<Uint8Array> {
  const ruleSet = request.ruleSet ?? ruleSet2026;
  const template = bookletTemplate(request.program, ruleSet);
  const doc = await PDFDocument.create();
  doc.setTitle(`Bonus ABC ${request.year} – Bonusheft`);
  doc.setProducer('Bonus Station');
  doc.setCreator('Bonus Station');
  // No personal data and no creation time that could tie a print to a person or a visit.
  doc.setCreationDate(new Date(Date.UTC(request.year, 0, 1)));
  doc.setModificationDate(new Date(Date.UTC(request.year, 0, 1)));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const layout of template.pages) {
    const page = doc.addPage([template.pageSize.width * pointsPerMm, template.pageSize.height * pointsPerMm]);
    drawPage(page, template, layout, request, ruleSet, { regular, bold });
  }
  return doc.save();
}

function drawPage(
  page: PDFPage,
  template: BookletTemplate,
  layout: PageLayout,
  request: BookletPdfRequest,
  ruleSet: RuleSet,
  fonts: { regular: PDFFont; bold: PDFFont },
): void {
  const pageHeight = template.pageSize.height;
  const rect = (r: RectMm) => ({ x: r.x * pointsPerMm, y: (pageHeight - r.y - r.height) * pointsPerMm, width: r.width * pointsPerMm, height: r.height * pointsPerMm });
  const at = (xMm: number, yMm: number) => ({ x: xMm * pointsPerMm, y: (pageHeight - yMm) * pointsPerMm });

  const half = template.fiducial.size / 2;
  for (const c of template.fiducial.centers) {
    // A square ring: four bars around the hole, so no white is printed over black.
    const { size, hole } = template.fiducial;
    const bar = (size - hole) / 2;
    for (const r of fiducialBars(c.x - half, c.y - half, size, bar)) page.drawRectangle({ ...rect(r), color: black });
  }

  const modules = qrModules(encodePageId({ bookletId: request.bookletId, year: request.year, program: request.program, page: layout.page }));
  const quiet = 4;
  const cell = template.qr.width / (modules.length + 2 * quiet);
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) page.drawRectangle({ ...rect({ x: template.qr.x + (c + quiet) * cell, y: template.qr.y + (r + quiet) * cell, width: cell, height: cell }), color: black });
    }),
  );

  const programName = request.program === 'adult' ? 'Bonusheft Erwachsene (Maßnahmen 1–12)' : 'Bonusheft Kinder (Maßnahmen 13–18)';
  page.drawText(`Bonus ABC ${request.year}`, { ...at(template.header.x, template.header.y + 5), size: 13, font: fonts.bold, color: black });
  page.drawText(programName, { ...at(template.header.x, template.header.y + 11), size: 8.5, font: fonts.regular, color: black });
  page.drawText(`Heft ${request.bookletId} · Seite ${layout.page} von ${template.pages.length}`, {
    ...at(template.header.x, template.header.y + 16),
    size: 7,
    font: fonts.regular,
    color: labelGray,
  });

  const line = template.lineWidth * pointsPerMm;
  for (const field of layout.fields) {
    const title = `${field.measure}. ${measureTitle(field.measure, ruleSet)}`;
    page.drawText(title, { ...at(field.title.x, field.title.y + field.title.height - 1), size: fitSize(fonts.bold, title, field.title.width * pointsPerMm, 8.5), font: fonts.bold, color: black });
    page.drawRectangle({ ...rect(field.stampBox), borderColor: black, borderWidth: line });
    const label = 'Stempel und Unterschrift des Anbieters';
    page.drawText(label, { ...at(field.stampBox.x, field.stampBox.y + field.stampBox.height + 3), size: 5.5, font: fonts.regular, color: labelGray });
    const d = field.dateLine;
    page.drawLine({ start: at(d.x, d.y), end: at(d.x + d.width, d.y), thickness: line, color: black });
    page.drawText('Datum', { ...at(d.x, d.y + 3), size: 5.5, font: fonts.regular, color: labelGray });
  }
}

/** Long measure titles shrink to fit their line rather than running into the margin. */
function fitSize(font: PDFFont, text: string, widthPt: number, preferred: number): number {
  const width = font.widthOfTextAtSize(text, preferred);
  return width <= widthPt ? preferred : Math.max(5, (preferred * widthPt) / width);
}
