import { describe, expect, it } from 'vitest';
import { ruleSet2026 } from '../../domain/index';
import { bookletTemplate, measuresOf, measureTitle, type RectMm } from './template';

function inside(inner: RectMm, outer: RectMm): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function overlaps(a: RectMm, b: RectMm): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the booklet template', () => {
  it('annex 1: the adult booklet has one field for each of measures 1-12, the children\'s for 13-18', () => {
    const adult = bookletTemplate('adult');
    const child = bookletTemplate('child');
    expect(adult.pages.flatMap((p) => p.fields.map((f) => f.measure))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(child.pages.flatMap((p) => p.fields.map((f) => f.measure))).toEqual([13, 14, 15, 16, 17, 18]);
    expect(measuresOf('child')).toEqual([13, 14, 15, 16, 17, 18]);
  });

  it('is A5 with the stamp box, title and date line of every field inside its field, and fields apart', () => {
    for (const template of [bookletTemplate('adult'), bookletTemplate('child')]) {
      expect(template.pageSize).toEqual({ width: 148, height: 210 });
      const page: RectMm = { x: 0, y: 0, ...template.pageSize };
      for (const layout of template.pages) {
        for (const field of layout.fields) {
          expect(inside(field.area, page)).toBe(true);
          expect(inside(field.stampBox, field.area)).toBe(true);
          expect(inside(field.title, field.area)).toBe(true);
          expect(inside(field.dateLine, field.area)).toBe(true);
          expect(overlaps(field.dateLine, field.stampBox)).toBe(false);
        }
        layout.fields.forEach((a, i) => layout.fields.slice(i + 1).forEach((b) => expect(overlaps(a.area, b.area)).toBe(false)));
      }
    }
  });

  it('keeps the corner marks and the QR code clear of every field', () => {
    const template = bookletTemplate('adult');
    const half = template.fiducial.size / 2;
    const marks = template.fiducial.centers.map((c) => ({ x: c.x - half - 2, y: c.y - half - 2, width: template.fiducial.size + 4, height: template.fiducial.size + 4 }));
    for (const field of template.pages.flatMap((p) => p.fields)) {
      for (const mark of marks) expect(overlaps(field.area, mark)).toBe(false);
      expect(overlaps(field.area, template.qr)).toBe(false);
    }
    for (const mark of marks) expect(overlaps(template.qr, mark)).toBe(false);
  });

  it('prints the catalog\'s German title of each measure', () => {
    expect(measureTitle(7)).toBe(ruleSet2026.measures.find((m) => m.number === 7)?.title.de);
    expect(measureTitle(99)).toBe('Maßnahme 99');
  });
});
