import { describe, expect, it } from 'vitest';
import type { BookletField, BookletView } from '../../../../main/contract';
import { tileLine, tileStateOf, withoutTitle } from './field-words';

const field = (over: Partial<BookletField> = {}): BookletField => ({
  measure: 12,
  evidence: ['provider_stamp', 'dated_self_declaration'],
  category: 'check',
  title: { de: 'Zahnvorsorge', en: 'Dental care' },
  status: 'not_possible',
  reason: 'not_participating',
  text: { de: 'Zahnvorsorge: Für dieses Jahr besteht keine gültige Teilnahme (§ 1).', en: 'Dental care: there is no valid participation for this year (§1).' },
  stillEarnable: false,
  amountCents: 0,
  credited: false,
  reviewReason: null,
  ...over,
});
const preview = (status: 'open' | 'not_possible', reason: string, stillEarnable: boolean): Pick<BookletView, 'ifDeclared'> => ({
  ifDeclared: { stillEarnableCents: 1000, fields: [{ measure: 12, status, reason, stillEarnable }] },
});

describe('a booklet field on its tile', () => {
  it('invites the declaration before participation instead of calling the field impossible', () => {
    expect(tileStateOf(field(), preview('open', 'no_evidence', true))).toEqual({ state: 'after_declaration', reason: 'no_evidence' });
    expect(tileLine(field(), 'after_declaration', 'no_evidence').key).toBe('kiosk.tile.after_declaration');
  });

  it('keeps a field closed that a declaration would not open, with its own short reason', () => {
    const { state, reason } = tileStateOf(field({ measure: 12 }), preview('not_possible', 'check_up_too_young', false));
    expect(state).toBe('not_possible');
    expect(tileLine(field(), state, reason).key).toBe('kiosk.reason.check_up_too_young');
  });

  it('names the reviewer’s reason on a rejected field, and the insurer’s credit on a fulfilled one', () => {
    expect(tileLine(field({ status: 'rejected', reviewReason: 'Datum nicht lesbar' }), 'rejected', 'review_rejected')).toEqual({ key: 'kiosk.booklet.reviewReason', values: { reason: 'Datum nicht lesbar' } });
    expect(tileLine(field({ status: 'fulfilled', credited: true }), 'fulfilled', 'insurer_credited').key).toBe('kiosk.booklet.credited');
  });

  it('says where the proof for a field comes from when the kiosk cannot take it', () => {
    expect(tileLine(field({ evidence: ['insurer_event_confirmation'] }), 'open', 'no_evidence').key).toBe('kiosk.tile.openElsewhere');
    expect(tileLine(field(), 'open', 'no_evidence').key).toBe('kiosk.tile.open');
  });

  it('says the title once: the sentence under the title does not repeat it', () => {
    expect(withoutTitle('Zahnvorsorge: noch kein Nachweis.', 'Zahnvorsorge')).toBe('Noch kein Nachweis.');
    expect(withoutTitle('Diese Maßnahme gibt es nicht.', 'Zahnvorsorge')).toBe('Diese Maßnahme gibt es nicht.');
  });
});
