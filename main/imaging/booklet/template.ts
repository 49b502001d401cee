import { measureOf, ruleSet2026, type Program, type RuleSet } from '../../domain/index';

/**
 * The paper booklet's layout, defined once as data in millimetres (origin top-left, y down).
 * The PDF generator prints it, the raster renderer draws it for the test corpus, and the
 * recognizer finds the fields by it: the three can never disagree on where a box is.
 */
export interface RectMm {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PointMm {
  x: number;
  y: number;
}

export interface FieldLayout {
  /** Measure number from the catalog (annex 1): 1-12 adult, 13-18 child. */
  measure: number;
  /** The whole field: title, stamp box and date line. Its crop is kept as evidence. */
  area: RectMm;
  /** Where the measure's number and title are printed (baseline at the bottom). */
  title: RectMm;
  /** The printed box for the provider's stamp and signature; ink is measured inside it. */
  stampBox: RectMm;
  /** The printed date line (a horizontal line at y, from x to x + width). */
  dateLine: RectMm;
}

export interface PageLayout {
  /** 1-based page number within the program's booklet. */
  page: number;
  fields: FieldLayout[];
}

export interface BookletTemplate {
  /** Bumped whenever a coordinate changes; the QR code names it so old prints stay readable. */
  layoutVersion: 1;
  program: Program;
  pageSize: { width: number; height: number };
  /**
   * Square marks in the four corners, each with a square hole in its middle (no block of
   * text, stamp or QR finder pattern looks like that); centres listed top-left, top-right,
   * bottom-right, bottom-left.
   */
  fiducial: { size: number; hole: number; centers: [PointMm, PointMm, PointMm, PointMm] };
  /** Where the page's QR code is printed, including its quiet zone. */
  qr: RectMm;
  /** Header text area (program title and page number). */
  header: RectMm;
  /** Printed line width of boxes and date lines. */
  lineWidth: number;
  pages: PageLayout[];
}

/** A5 portrait (ISO 216). */
export const a5 = { width: 148, height: 210 } as const;

const fiducialSize = 7;
const fieldsPerPage = 4;
const fieldLeft = 16;
const fieldWidth = 116;
const firstFieldTop = 34;
const fieldPitch = 41;

/** Adult booklets hold measures 1-12, the children's booklet 13-18 (annex 1). */
export function measuresOf(program: Program, ruleSet: RuleSet = ruleSet2026): number[] {
  return ruleSet.measures.filter((m) => m.program === program).map((m) => m.number);
}

function fieldAt(measure: number, slot: number): FieldLayout {
  const top = firstFieldTop + slot * fieldPitch;
  return {
    measure,
    area: { x: fieldLeft, y: top, width: fieldWidth, height: fieldPitch - 0.5 },
    title: { x: fieldLeft, y: top, width: fieldWidth, height: 5 },
    stampBox: { x: fieldLeft, y: top + 7, width: 82, height: 30 },
    dateLine: { x: fieldLeft + 88, y: top + 31, width: fieldWidth - 88, height: 0 },
  };
}

export function bookletTemplate(program: Program, ruleSet: RuleSet = ruleSet2026): BookletTemplate {
  const measures = measuresOf(program, ruleSet);
  const pages: PageLayout[] = [];
  for (let i = 0; i < measures.length; i += fieldsPerPage) {
    const slice = measures.slice(i, i + fieldsPerPage);
    pages.push({ page: pages.length + 1, fields: slice.map((m, slot) => fieldAt(m, slot)) });
  }
  const inset = 9;
  return {
    layoutVersion: 1,
    program,
    pageSize: { ...a5 },
    fiducial: {
      size: fiducialSize,
      hole: 3,
      centers: [
        { x: inset, y: inset },
        { x: a5.width - inset, y: inset },
        { x: a5.width - inset, y: a5.height - inset },
        { x: inset, y: a5.height - inset },
      ],
    },
    qr: { x: 108, y: 4, width: 24, height: 24 },
    header: { x: 19, y: 8, width: 85, height: 20 },
    lineWidth: 0.35,
    pages,
  };
}

export function pageOf(template: BookletTemplate, page: number): PageLayout | undefined {
  return template.pages.find((p) => p.page === page);
}

/** The measure's German title for the printed booklet. */
export function measureTitle(measure: number, ruleSet: RuleSet = ruleSet2026): string {
  return measureOf(ruleSet, measure)?.title.de ?? `Maßnahme ${measure}`;
}
