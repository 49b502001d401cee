import { describe, expect, it } from 'vitest';
import type { CardSession } from '../contract';
import { readyCard, setup } from '../../test/support/kiosk-setup';

describe('a parent and the booklet of a child under 15', () => {
  const childCard = (sessionId: string, birthDate = '2018-05-17'): CardSession => {
    const card = readyCard(sessionId, { kvnr: 'L567812344', firstName: 'Lena', lastName: 'Özdemir', title: null, birthDate });
    return card.state === 'ready' ? { ...card, card: { ...card.card, iccsn: '80276883110000056789' }, cover: { ...card.cover, coverStart: '2018-05-17', insuredType: 'family', insuredTypeCode: '3' } } : card;
  };
  const parentSession = () => {
    const s = setup();
    s.insert(readyCard('parent'));
    s.kiosk.identification.confirmIdentity('70173');
    return s;
  };

  it('opens the child\'s booklet with the children\'s program after the parent swaps cards', () => {
    const { kiosk, states, insert, remove, store } = parentSession();
    expect(states().at(-1)).toMatchObject({ stage: 'member', mayOpenChild: true });
    kiosk.family.openChild();
    expect(states().at(-1)).toMatchObject({ stage: 'child-card' });
    remove('parent');
    expect(states().at(-1)).toMatchObject({ stage: 'child-card' });
    insert(childCard('child'));
    expect(states().at(-1)).toMatchObject({ stage: 'member', displayName: 'Lena Özdemir', representativeName: 'Dr. Hans-Jürgen Müller', mayOpenChild: false });
    const booklet = kiosk.booklets.show();
    expect(booklet.program).toBe('child');
    expect(booklet.fields.map((f) => f.measure)).toEqual([13, 14, 15, 16, 17, 18]);
    // §1: the legal representative declares for the child.
    const declared = kiosk.participation.declare(2026, '2026-01-01');
    expect(declared.participation.status).toBe('active');
    expect(store.db.prepare('SELECT declared_by_role AS role FROM participation_declaration').pluck().all()).toEqual(['legal_representative']);
    // …and says so to the service, which checks it (§1).
    const queued = store.db.prepare("SELECT payload FROM sync_outbox WHERE state = 'pending'").pluck().all() as string[];
    expect(queued.map((p) => JSON.parse(p)).filter((p) => p.kind === 'participation')).toMatchObject([{ declaredBy: 'legal_representative' }]);
    expect(() => kiosk.family.openChild()).toThrow(/Only an adult/);
  });

  it('refuses the card of someone aged 15 or over as a child\'s card and ends everything', () => {
    const { kiosk, states, insert, remove } = parentSession();
    kiosk.family.openChild();
    remove('parent');
    insert(childCard('teen', '2010-01-01'));
    expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'not-a-child' });
    expect(() => kiosk.booklets.show()).toThrow(/No confirmed member/);
  });

  it('removing the child\'s card ends the whole session, the parent\'s part included', () => {
    const { kiosk, states, insert, remove } = parentSession();
    kiosk.family.openChild();
    remove('parent');
    insert(childCard('child'));
    remove('child');
    expect(states().at(-1)).toEqual({ stage: 'idle' });
    expect(() => kiosk.booklets.show()).toThrow(/No confirmed member/);
  });
});
