import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bookletPdf } from '../../main/imaging/booklet/booklet-pdf';
import { bookletTemplate } from '../../main/imaging/booklet/template';
import { recognizePage } from '../../main/imaging/recognition/recognize-page';
import { useTempDir } from '../support/temp-dir';

/**
 * The PDF the clerk prints and the recognizer share one template: rasterize the real PDF
 * with poppler (as a printer and scanner would), stamp a field, and recognize it.
 */
const hasPoppler = spawnSync('pdftoppm', ['-v']).status === 0;
const tempDir = useTempDir('printed-booklet-');

describe.skipIf(!hasPoppler)('a printed booklet page (needs pdftoppm from poppler-utils)', () => {
  it('is found, identified and read back field by field', async () => {
    const dir = tempDir();
    const pdfPath = join(dir, 'booklet.pdf');
    writeFileSync(pdfPath, await bookletPdf({ bookletId: 'K7M2Q9X4TR', year: 2026, program: 'adult' }));
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-f', '3', '-l', '3', pdfPath, join(dir, 'page')]);
    const printed = readFileSync(join(dir, 'page-3.png'));

    // A provider's blue stamp in the box of measure 10 (the second field of page 3).
    const box = bookletTemplate('adult').pages[2]!.fields[1]!.stampBox;
    const px = (mm: number) => Math.round((mm * 300) / 25.4);
    const stamp = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${px(50)}" height="${px(20)}"><rect x="6" y="6" width="${px(50) - 12}" height="${px(20) - 12}" fill="none" stroke="#1e32a0" stroke-width="7"/>` +
        `<rect x="40" y="40" width="${px(40)}" height="14" fill="#1e32a0"/><rect x="40" y="90" width="${px(30)}" height="14" fill="#1e32a0"/><rect x="40" y="140" width="${px(36)}" height="14" fill="#1e32a0"/></svg>`,
    );
    const scan = await sharp(printed)
      .composite([{ input: stamp, left: px(box.x + 10), top: px(box.y + 5) }])
      .extend({ top: 50, bottom: 50, left: 50, right: 50, background: '#e8e8e8' })
      .rotate(-2.5, { background: '#e8e8e8' })
      .jpeg({ quality: 80 })
      .toBuffer();

    const result = await recognizePage(scan);
    expect(result.kind).toBe('booklet_page');
    expect(result.pageId).toEqual({ bookletId: 'K7M2Q9X4TR', year: 2026, program: 'adult', page: 3 });
    expect(result.fields.map((f) => [f.measure, f.decision])).toEqual([
      [9, 'empty'],
      [10, 'stamped'],
      [11, 'empty'],
      [12, 'empty'],
    ]);
  });
});

if (!hasPoppler) {
  describe('a printed booklet page', () => {
    it.skip('needs pdftoppm (Debian package poppler-utils) to rasterize the PDF', () => {});
  });
}
