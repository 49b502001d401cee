import type { Program } from '../../domain/index';

/**
 * What a booklet page's QR code carries: which booklet, year, program and page, and the
 * layout version. No personal data: the booklet id is linked to the member only in the
 * station's database and in the service.
 *
 * Format: `BABC1|<bookletId>|<year>|<A or C>|<page>` — short, so a version 3 code stays
 * large enough per module for a 150 dpi scan.
 */
export interface BookletPageId {
  bookletId: string;
  year: number;
  program: Program;
  page: number;
}

/** Booklet ids are 6-16 characters from an alphabet without lookalikes. */
const bookletIdPattern = /^[0-9A-HJ-NP-Z]{6,16}$/;
const prefix = 'BABC1';

export function isBookletId(value: string): boolean {
  return bookletIdPattern.test(value);
}

export function encodePageId(id: BookletPageId): string {
  if (!isBookletId(id.bookletId)) throw new Error('A booklet id is 6-16 characters of 0-9 and A-Z without I and O.');
  if (!Number.isInteger(id.year) || id.year < 2000 || id.year > 2999) throw new Error('The booklet year must be a four-digit year.');
  if (!Number.isInteger(id.page) || id.page < 1 || id.page > 99) throw new Error('The page number must be 1-99.');
  return [prefix, id.bookletId, String(id.year), id.program === 'adult' ? 'A' : 'C', String(id.page)].join('|');
}

/** Parses a scanned code; anything not exactly in the format is not one of our pages. */
export function decodePageId(text: string): BookletPageId | undefined {
  const parts = text.split('|');
  if (parts.length !== 5 || parts[0] !== prefix) return undefined;
  const [, bookletId, year, program, page] = parts as [string, string, string, string, string];
  if (!isBookletId(bookletId) || !/^2\d{3}$/.test(year) || !/^[AC]$/.test(program) || !/^[1-9]\d?$/.test(page)) return undefined;
  return { bookletId, year: Number(year), program: program === 'A' ? 'adult' : 'child', page: Number(page) };
}
