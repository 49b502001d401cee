import { describe, expect, it } from 'vitest';
import type { CardSession } from '../contract';
import { readyCard, setup } from '../../test/support/kiosk-setup';
import { certificatePhoto } from '../../test/support/imaging/fixtures';
import { storeDecisions } from '../sync/notifications';

describe('the kiosk member session', () => {
  it('asks for the second factor and shows the renderer nothing about the person before it is confirmed', () => {
    const { states, insert, seen } = setup();
    insert(readyCard());
    expect(states().at(-1)).toEqual({ stage: 'identify', factor: 'postalCode', attemptsLeft: 3 });
    const visible = JSON.stringify(seen);
    for (const secret of ['A123457895', 'Müller', 'Hans', '70173', '1967', 'Königstraße', '80276883110000012345']) expect(visible).not.toContain(secret);
  });

  it('opens the booklet after the right postal code, with the program and fields from the rules engine', () => {
    const { kiosk, states, insert } = setup();
    insert(readyCard());
    expect(kiosk.confirmIdentity(' 70173 ')).toEqual({ ok: true });
    expect(states().at(-1)).toMatchObject({ stage: 'member', displayName: 'Dr. Hans-Jürgen Müller', expiresAt: '2026-11-22T09:01:30.000Z' });
    const booklet = kiosk.booklet();
    expect(booklet).toMatchObject({ year: 2026, program: 'adult', participation: { status: 'not_participating', canDeclare: true }, amount: { earnedCents: 0, maximumCents: 12_000 } });
    expect(booklet.fields.map((f) => f.measure)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(booklet.claim.lastDay).toBe('2027-06-30');
    expect(booklet.termsNotes.length).toBeGreaterThan(0);
  });

  it('accepts the birth date as typed in Germany when that is the factor', () => {
    const { kiosk, insert } = setup({ factor: 'birthDate' });
    insert(readyCard());
    expect(kiosk.confirmIdentity('01.01.1967')).toMatchObject({ ok: false, attemptsLeft: 2 });
    expect(kiosk.confirmIdentity('12.03.1967')).toEqual({ ok: true });
  });

  it('asks a card holder without a postal address for the birth date instead', () => {
    const { states, insert } = setup();
    insert(readyCard('s1', { address: null }));
    expect(states().at(-1)).toMatchObject({ stage: 'identify', factor: 'birthDate' });
  });

  it('records the participation declaration with consent and queues it for the central service', () => {
    const { kiosk, store, insert } = setup();
    insert(readyCard());
    kiosk.confirmIdentity('70173');
    const after = kiosk.declareParticipation(2026, '2026-01-01');
    expect(after.participation).toMatchObject({ status: 'active', declaredOn: '2026-11-22', canDeclare: false });
    expect(store.db.prepare('SELECT channel, station_id AS station, consent_sgbv284 AS consent, declared_at AS at FROM participation_declaration').all()).toEqual([
      { channel: 'kiosk', station: 'kiosk-1', consent: 1, at: '2026-11-22T09:00:00.000Z' },
    ]);
    const queued = store.db.prepare("SELECT payload FROM sync_outbox WHERE state = 'pending'").pluck().all() as string[];
    expect(queued.map((p) => JSON.parse(p))).toMatchObject([{ kind: 'participation', participationYear: 2026, member: { kvnr: 'A123457895' }, declaredBy: 'self' }]);
    expect(() => kiosk.declareParticipation(2026, '2026-01-01')).toThrow(/cannot be declared/);
    const audit = store.db.prepare('SELECT action, subject FROM audit_log ORDER BY seq').all() as { action: string; subject: string }[];
    expect(audit.map((a) => a.action)).toContain('kiosk.participation.declare');
    expect(JSON.stringify(audit)).not.toContain('A123457895');
  });

  it('locks the card after three wrong answers, also when it is inserted again, until the lock ends', () => {
    const { kiosk, states, insert, remove, clock, store } = setup();
    insert(readyCard('s1'));
    expect(kiosk.confirmIdentity('80331')).toEqual({ ok: false, attemptsLeft: 2 });
    remove('s1');
    insert(readyCard('s2'));
    expect(states().at(-1)).toEqual({ stage: 'identify', factor: 'postalCode', attemptsLeft: 2 });
    kiosk.confirmIdentity('80332');
    expect(kiosk.confirmIdentity('80333')).toEqual({ ok: false, attemptsLeft: 0, lockedUntil: '2026-11-22T09:15:00.000Z' });
    expect(() => kiosk.confirmIdentity('70173')).toThrow(/No card waiting/);
    remove('s2');
    insert(readyCard('s3'));
    expect(states().at(-1)).toEqual({ stage: 'locked', until: '2026-11-22T09:15:00.000Z' });
    remove('s3');
    clock.t += 15 * 60_000;
    insert(readyCard('s4'));
    expect(states().at(-1)).toEqual({ stage: 'identify', factor: 'postalCode', attemptsLeft: 3 });
    expect(store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'kiosk.identity.locked'").pluck().get()).toBe(1);
  });

  it('forgets the member the moment the card leaves the reader', () => {
    const { kiosk, states, insert, remove } = setup();
    insert(readyCard());
    kiosk.confirmIdentity('70173');
    expect(kiosk.memberState()).toMatchObject({ status: 'off' });
    remove();
    expect(states().at(-1)).toEqual({ stage: 'idle' });
    expect(() => kiosk.booklet()).toThrow(/No confirmed member/);
    expect(() => kiosk.confirmIdentity('70173')).toThrow(/No card waiting/);
    expect(kiosk.memberState()).toBeNull();
  });

  it('ends the session after inactivity and asks for the card to be removed', () => {
    const { kiosk, states, insert, clock } = setup({ inactivitySeconds: 90 });
    insert(readyCard());
    kiosk.confirmIdentity('70173');
    clock.t += 60_000;
    expect(kiosk.touch()).toBe('2026-11-22T09:02:30.000Z');
    clock.t += 90_000;
    expect(() => kiosk.booklet()).toThrow(/ended after inactivity/);
    expect(states().at(-1)).toEqual({ stage: 'ended', reason: 'inactivity' });
    // The same card, still in the reader, does not start a new session by itself.
    insert(readyCard());
    expect(states().at(-1)).toEqual({ stage: 'ended', reason: 'inactivity' });
  });

  it('explains a rejected card and a card pulled during the read', () => {
    const { states, insert, remove } = setup();
    insert({ sessionId: 'r1', reader: 'R', insertedAt: 'x', state: 'rejected', reason: 'cover-ended', coverEnd: '2026-06-30' });
    expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'cover-ended', coverEnd: '2026-06-30' });
    remove('r1');
    insert({ sessionId: 'r2', reader: 'R', insertedAt: 'x', state: 'reading' });
    expect(states().at(-1)).toEqual({ stage: 'reading' });
    remove('r2', true);
    expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'removed-during-read' });
  });
});

describe('evidence and submission at the kiosk', () => {
  const confirmed = () => {
    const s = setup();
    s.insert(readyCard());
    s.kiosk.confirmIdentity('70173');
    s.kiosk.declareParticipation(2026, '2026-01-01');
    return s;
  };

  it('takes a readable certificate photo, stripped and normalized, and submits it with a receipt that carries initials only', async () => {
    const { kiosk, store } = confirmed();
    const photo = await certificatePhoto(1600, 1200);
    const added = await kiosk.addEvidence({ measure: 8, performedOn: '2026-10-28', kind: 'certificate_photo', photoBase64: photo.toString('base64') });
    expect(added).toMatchObject({ accepted: true, draft: { measure: 8, pages: 1, kind: 'certificate_photo' } });
    const entry = await kiosk.addEvidence({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' });
    expect(entry).toMatchObject({ accepted: true, draft: { measure: 12, pages: 0 } });
    expect(kiosk.draftList()).toHaveLength(2);

    const receipt = kiosk.submit(2026);
    expect(receipt).toMatchObject({ year: 2026, measures: [8, 12], initials: 'H. M.' });
    expect(receipt.reference).toMatch(/^BA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(kiosk.draftList()).toEqual([]);

    const queued = (store.db.prepare("SELECT payload FROM sync_outbox WHERE state = 'pending' ORDER BY seq").pluck().all() as string[]).map((p) => JSON.parse(p));
    expect(queued.at(-1)).toMatchObject({ kind: 'measures', measures: [{ measure: 8, evidence: [{ kind: 'photo' }] }, { measure: 12, evidence: [{ kind: 'dated-self-declaration' }] }] });
    const blob = store.db.prepare('SELECT data FROM sync_blobs').pluck().get() as Buffer;
    expect(blob.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(blob.includes(Buffer.from('Exif'))).toBe(false);

    const booklet = kiosk.booklet(2026);
    expect(booklet.fields.find((f) => f.measure === 8)?.status).toBe('awaiting_review');
  });

  it('asks for a retake of a blurred photo and keeps nothing of it', async () => {
    const { kiosk } = confirmed();
    const sharp = (await import('sharp')).default;
    const blurred = await sharp(await certificatePhoto(1600, 1200)).blur(12).jpeg().toBuffer();
    expect(await kiosk.addEvidence({ measure: 8, performedOn: '2026-10-28', kind: 'certificate_photo', photoBase64: blurred.toString('base64') })).toEqual({ accepted: false, problem: 'blurry' });
    expect(await kiosk.addEvidence({ measure: 8, performedOn: '2026-10-28', kind: 'certificate_photo', photoBase64: Buffer.from('not an image at all').toString('base64') })).toEqual({
      accepted: false,
      problem: 'not_an_image',
    });
    expect(kiosk.draftList()).toEqual([]);
  });

  it('refuses proofs the catalog does not accept, measures of another booklet and future dates, naming the field', async () => {
    const { kiosk } = confirmed();
    await expect(kiosk.addEvidence({ measure: 1, performedOn: '2026-05-01', kind: 'dated_self_declaration' })).rejects.toMatchObject({ code: 'invalid_input', fields: ['kind'] });
    await expect(kiosk.addEvidence({ measure: 13, performedOn: '2026-05-01', kind: 'certificate_photo', photoBase64: 'aGVsbG8gd29ybGQgaGVsbG8=' })).rejects.toMatchObject({ fields: ['measure'] });
    await expect(kiosk.addEvidence({ measure: 8, performedOn: '2026-12-24', kind: 'dated_self_declaration' })).rejects.toMatchObject({ fields: ['performedOn'] });
    expect(() => kiosk.submit(2026)).toThrow(/Nothing to submit/);
  });

  it('drops unsubmitted drafts when the card leaves the reader', async () => {
    const { kiosk, insert, remove } = confirmed();
    await kiosk.addEvidence({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' });
    remove();
    insert(readyCard('s2'));
    kiosk.confirmIdentity('70173');
    expect(kiosk.draftList()).toEqual([]);
  });
});

describe('a parent and the booklet of a child under 15', () => {
  const childCard = (sessionId: string, birthDate = '2018-05-17'): CardSession => {
    const card = readyCard(sessionId, { kvnr: 'L567812344', firstName: 'Lena', lastName: 'Özdemir', title: null, birthDate });
    return card.state === 'ready' ? { ...card, card: { ...card.card, iccsn: '80276883110000056789' }, cover: { ...card.cover, coverStart: '2018-05-17', insuredType: 'family', insuredTypeCode: '3' } } : card;
  };
  const parentSession = () => {
    const s = setup();
    s.insert(readyCard('parent'));
    s.kiosk.confirmIdentity('70173');
    return s;
  };

  it('opens the child\'s booklet with the children\'s program after the parent swaps cards', () => {
    const { kiosk, states, insert, remove, store } = parentSession();
    expect(states().at(-1)).toMatchObject({ stage: 'member', mayOpenChild: true });
    kiosk.openChild();
    expect(states().at(-1)).toMatchObject({ stage: 'child-card' });
    remove('parent');
    expect(states().at(-1)).toMatchObject({ stage: 'child-card' });
    insert(childCard('child'));
    expect(states().at(-1)).toMatchObject({ stage: 'member', displayName: 'Lena Özdemir', representativeName: 'Dr. Hans-Jürgen Müller', mayOpenChild: false });
    const booklet = kiosk.booklet();
    expect(booklet.program).toBe('child');
    expect(booklet.fields.map((f) => f.measure)).toEqual([13, 14, 15, 16, 17, 18]);
    // §1: the legal representative declares for the child.
    const declared = kiosk.declareParticipation(2026, '2026-01-01');
    expect(declared.participation.status).toBe('active');
    expect(store.db.prepare('SELECT declared_by_role AS role FROM participation_declaration').pluck().all()).toEqual(['legal_representative']);
    // …and says so to the service, which checks it (§1).
    const queued = store.db.prepare("SELECT payload FROM sync_outbox WHERE state = 'pending'").pluck().all() as string[];
    expect(queued.map((p) => JSON.parse(p)).filter((p) => p.kind === 'participation')).toMatchObject([{ declaredBy: 'legal_representative' }]);
    expect(() => kiosk.openChild()).toThrow(/Only an adult/);
  });

  it('refuses the card of someone aged 15 or over as a child\'s card and ends everything', () => {
    const { kiosk, states, insert, remove } = parentSession();
    kiosk.openChild();
    remove('parent');
    insert(childCard('teen', '2010-01-01'));
    expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'not-a-child' });
    expect(() => kiosk.booklet()).toThrow(/No confirmed member/);
  });

  it('removing the child\'s card ends the whole session, the parent\'s part included', () => {
    const { kiosk, states, insert, remove } = parentSession();
    kiosk.openChild();
    remove('parent');
    insert(childCard('child'));
    remove('child');
    expect(states().at(-1)).toEqual({ stage: 'idle' });
    expect(() => kiosk.booklet()).toThrow(/No confirmed member/);
  });
});

describe('decisions from the insurer at the next visit', () => {
  it('shows a decision on an earlier submission once, in the member\'s next session', async () => {
    const { kiosk, states, insert, remove, store } = setup();
    insert(readyCard('s1'));
    kiosk.confirmIdentity('70173');
    kiosk.declareParticipation(2026, '2026-01-01');
    await kiosk.addEvidence({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' });
    kiosk.submit(2026);
    remove('s1');
    const submissionId = store.db.prepare("SELECT submission_id FROM sync_outbox WHERE payload LIKE '%\"measures\"%' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    storeDecisions(store.db, [{ seq: 1, submissionId, decision: 'accepted', reason: null, fields: [], decidedAt: '2026-11-23T08:00:00.000Z' }]);

    insert(readyCard('s2'));
    kiosk.confirmIdentity('70173');
    expect(states().at(-1)).toMatchObject({ stage: 'member', notifications: [{ decision: 'accepted', accepted: [{ de: 'Zahnvorsorge', en: expect.any(String) }], rejected: [], reason: null }] });
    // The overview shows the field accepted: the decision set the record's review state.
    expect(kiosk.booklet(2026).fields.find((f) => f.measure === 12)).toMatchObject({ status: 'fulfilled', credited: false });
    remove('s2');
    insert(readyCard('s3'));
    kiosk.confirmIdentity('70173');
    expect(states().at(-1)).toMatchObject({ stage: 'member', notifications: [] });
  });
});
