import fontkit from '@pdf-lib/fontkit';
import { existsSync, readFileSync } from 'node:fs';
import { PDFDocument, PDFName, PDFHexString, PDFArray, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * One decided submission as an archive document, PDF/A-style: fonts embedded (DejaVu), XMP
 * metadata naming PDF/A-2b, a document id, no encryption, no scripts, no links. A cover page
 * with the member reference, the dates, the decision per record with its reason and the rules
 * engine's findings, then each evidence image on its own page (a PDF evidence's pages copied).
 * What a document-management import needs besides is in the index file (archive.ts).
 */
export interface ArchiveDocumentInput {
  submissionId: string;
  kind: string;
  kvnr: string;
  memberName: string | null;
  birthDate: string | null;
  stationId: string;
  createdAt: string;
  receivedAt: string;
  participationYear: number;
  decisions: { decidedAt: string; decision: string; reviewer: string; reason: string | null; fields: { measure: number; decision: string; reason: string | null }[] }[];
  records: { measure: number; title: string; performedOn: string; evidence: string[] }[];
  findings: string[];
  evidence: { kind: string; mediaType: string; data: Buffer }[];
}

const fontFiles = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'] as const;
/** Whether the archive's fonts are there to embed (Debian's fonts-dejavu-core); without them the documents are not PDF/A-style. */
export const fontsAvailable = () => fontFiles.every((f) => existsSync(f));

const germanDate = (iso: string) => new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', ...(iso.length > 10 ? { hour: '2-digit', minute: '2-digit' } : {}) }).format(new Date(iso.length > 10 ? iso : `${iso}T12:00:00Z`));
const decisionText: Record<string, string> = { accepted: 'anerkannt', rejected: 'abgelehnt', 'partially-accepted': 'teilweise anerkannt' };
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function xmp(title: string, created: Date, id: string): string {
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Bonus ABC Backoffice</rdf:li></rdf:Seq></dc:creator>
<xmp:CreateDate>${created.toISOString()}</xmp:CreateDate><xmp:ModifyDate>${created.toISOString()}</xmp:ModifyDate><xmp:CreatorTool>Bonus ABC Backoffice</xmp:CreatorTool>
<pdf:Producer>Bonus ABC Backoffice (pdf-lib)</pdf:Producer><xmpMM:DocumentID>uuid:${id}</xmpMM:DocumentID>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
}

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage([595.28, 841.89]);
    this.y = 800;
  }
  line(text: string, options: { bold?: boolean; size?: number; gap?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.font;
    // Wrap at the page width; a long line goes on.
    const words = text.split(' ');
    let current = '';
    const lines: string[] = [];
    for (const word of words) {
      const next = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > 495 && current) {
        lines.push(current);
        current = word;
      } else current = next;
    }
    lines.push(current);
    for (const l of lines) {
      if (this.y < 60) {
        this.page = this.doc.addPage([595.28, 841.89]);
        this.y = 800;
      }
      this.page.drawText(l, { x: 50, y: this.y, size, font, color: rgb(0.08, 0.13, 0.17) });
      this.y -= size + (options.gap ?? 5);
    }
  }
}

export async function archiveDocument(input: ArchiveDocumentInput, now: Date): Promise<{ pdf: Uint8Array; pdfaStyle: boolean; pages: number }> {
  const doc = await PDFDocument.create();
  const embedded = fontsAvailable();
  let font: PDFFont;
  let bold: PDFFont;
  if (embedded) {
    doc.registerFontkit(fontkit);
    font = await doc.embedFont(readFileSync(fontFiles[0]), { subset: true });
    bold = await doc.embedFont(readFileSync(fontFiles[1]), { subset: true });
  } else {
    font = await doc.embedFont(StandardFonts.Helvetica);
    bold = await doc.embedFont(StandardFonts.HelveticaBold);
  }
  const title = `Bonus ABC – Einreichung ${input.submissionId}`;
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor('Bonus ABC Backoffice');
  doc.setSubject(`${input.kind} ${input.participationYear}, Mitglied ${input.kvnr}`);
  doc.setKeywords(['Bonus ABC', input.kind, String(input.participationYear), input.kvnr]);
  doc.setProducer('Bonus ABC Backoffice (pdf-lib)');
  doc.setCreator('Bonus ABC Backoffice');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  doc.setLanguage('de-DE');

  const w = new Writer(doc, font, bold);
  w.line(title, { bold: true, size: 14, gap: 10 });
  w.line(`Mitglied: ${input.memberName ?? 'nicht im Bestand'} · KVNR ${input.kvnr}${input.birthDate ? ` · geboren ${germanDate(input.birthDate)}` : ''}`);
  w.line(`Art: ${input.kind} · Teilnahmejahr ${input.participationYear} · Station ${input.stationId}`);
  w.line(`Erfasst: ${germanDate(input.createdAt)} · Eingegangen: ${germanDate(input.receivedAt)}`, { gap: 12 });
  w.line('Maßnahmen', { bold: true, size: 12, gap: 8 });
  if (input.records.length === 0) w.line('keine einzelnen Maßnahmen (als Ganzes entschieden)');
  for (const r of input.records) w.line(`${r.measure}. ${r.title} – durchgeführt am ${germanDate(r.performedOn)} – Nachweis: ${r.evidence.join(', ') || 'keiner'}`);
  w.line(`Befunde des Regelwerks: ${input.findings.length === 0 ? 'keine' : input.findings.join(', ')}`, { gap: 12 });
  w.line('Entscheidung', { bold: true, size: 12, gap: 8 });
  for (const d of input.decisions) {
    w.line(`${germanDate(d.decidedAt)} – ${decisionText[d.decision] ?? d.decision} durch ${d.reviewer}${d.reason ? ` – Grund: ${d.reason}` : ''}`);
    for (const f of d.fields) w.line(`   Maßnahme ${f.measure}: ${decisionText[f.decision] ?? f.decision}${f.reason ? ` – ${f.reason}` : ''}`);
  }
  w.line(`Archiviert: ${germanDate(now.toISOString())} · Nachweisseiten: ${input.evidence.length}`, { gap: 12 });

  for (const e of input.evidence) {
    if (e.mediaType === 'application/pdf') {
      const source = await PDFDocument.load(e.data, { updateMetadata: false });
      for (const copied of await doc.copyPages(source, source.getPageIndices())) doc.addPage(copied);
      continue;
    }
    const image = e.mediaType === 'image/png' ? await doc.embedPng(e.data) : e.mediaType === 'image/jpeg' ? await doc.embedJpg(e.data) : null;
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`Nachweis (${e.kind})`, { x: 50, y: 810, size: 10, font: bold });
    if (!image) {
      page.drawText(`Bildformat ${e.mediaType} kann nicht eingebettet werden; das Original liegt im Nachweisspeicher.`, { x: 50, y: 790, size: 9, font });
      continue;
    }
    const scale = Math.min(495 / image.width, 740 / image.height, 1.5);
    page.drawImage(image, { x: 50, y: 800 - image.height * scale - 10, width: image.width * scale, height: image.height * scale });
  }

  const id = input.submissionId.replace(/-/g, '');
  const metadata = doc.context.stream(xmp(title, now, input.submissionId), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(metadata));
  doc.context.trailerInfo.ID = PDFArray.withContext(doc.context);
  (doc.context.trailerInfo.ID as PDFArray).push(PDFHexString.of(id));
  (doc.context.trailerInfo.ID as PDFArray).push(PDFHexString.of(id));
  const pdf = await doc.save({ useObjectStreams: false });
  return { pdf, pdfaStyle: embedded, pages: doc.getPageCount() };
}
