import { describe, expect, it } from 'vitest';
import { setup } from '../support/kiosk-setup';

/**
 * Hole 9 (rejected card): a card the kiosk refuses (cover ended, another insurer) put its cover
 * dates and the insurer's name into the screen's state before any second factor, so a passer-by
 * or a found card told whose cover ended when and where the holder is insured now. The screen
 * gets the reason only.
 */
describe('hole 9: a refused card tells nothing about its holder', () => {
  it('publishes the reason without cover dates or insurer name', () => {
    const { insert, states, seen } = setup();
    insert({ sessionId: 'r1', reader: 'R', insertedAt: '2026-11-22T09:00:00.000Z', state: 'rejected', reason: 'cover-ended', coverStart: '2019-01-01', coverEnd: '2026-06-30' });
    expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'cover-ended' });
    insert({ sessionId: 'r2', reader: 'R', insertedAt: '2026-11-22T09:00:00.000Z', state: 'rejected', reason: 'insurer-not-accepted', insurerName: 'Andere BKK' });
    expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'insurer-not-accepted' });
    const published = JSON.stringify(seen);
    for (const secret of ['2019-01-01', '2026-06-30', 'Andere BKK']) expect(published).not.toContain(secret);
  });
});
