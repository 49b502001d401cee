import { CaptureKind, type BookletField, type BookletView } from '../../../../main/contract';

/**
 * How a field of the booklet shows on its tile: its state (before participation is declared,
 * what declaring would make of it) and one short line. Pure, tested on its own.
 */
export type TileState = BookletField['status'] | 'after_declaration';

/** The kinds of proof a member can give at the kiosk (photo, scan, digital entry, signed declaration, measured value). */
const capturable: readonly string[] = CaptureKind.options;

export function canCaptureHere(field: BookletField): boolean {
  return field.evidence.some((e) => capturable.includes(e));
}

/** A field before participation is declared reads as what declaring would make of it. */
export function tileStateOf(field: BookletField, booklet: Pick<BookletView, 'ifDeclared'>): { state: TileState; reason: string } {
  const preview = field.reason === 'not_participating' ? booklet.ifDeclared?.fields.find((f) => f.measure === field.measure) : undefined;
  if (!preview) return { state: field.status, reason: field.reason };
  if (preview.stillEarnable || preview.status === 'open') return { state: 'after_declaration', reason: preview.reason };
  return { state: preview.status, reason: preview.reason };
}

/** Reasons a field is closed, in a few words for its tile (kiosk.reason.* in the locales). */
const shortReasons = new Set([
  'not_participating',
  'before_participation',
  'after_participation_ended',
  'outside_membership',
  'other_year',
  'below_minimum_age',
  'check_up_too_young',
  'check_up_once_used',
  'check_up_interval',
  'limit_reached',
  'needs_each_half_year',
  'forfeited_misuse',
  'misuse_check',
]);

/** The locale key (and values) of a tile's short line. */
export function tileLine(field: BookletField, state: TileState, reason: string): { key: string; values?: Record<string, string> } {
  switch (state) {
    case 'fulfilled':
      return { key: field.credited ? 'kiosk.booklet.credited' : 'kiosk.tile.fulfilled' };
    case 'awaiting_review':
      return { key: 'kiosk.tile.awaiting_review' };
    case 'rejected':
      return field.reviewReason ? { key: 'kiosk.booklet.reviewReason', values: { reason: field.reviewReason } } : { key: 'kiosk.tile.rejected' };
    case 'after_declaration':
      return { key: 'kiosk.tile.after_declaration' };
    case 'open':
      return { key: canCaptureHere(field) ? 'kiosk.tile.open' : 'kiosk.tile.openElsewhere' };
    case 'not_possible':
      return { key: shortReasons.has(reason) ? `kiosk.reason.${reason}` : 'kiosk.tile.not_possible' };
  }
}

/**
 * The rules engine's sentence without the title in front ("Zahnvorsorge: Noch kein Nachweis …"):
 * the panel has the title as its heading and says it once.
 */
export function withoutTitle(text: string, title: string): string {
  const prefix = `${title}: `;
  if (!text.startsWith(prefix)) return text;
  const rest = text.slice(prefix.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
