import { describe, expect, it } from 'vitest';
import { inProcessImaging, readyCard, setup } from '../../test/support/kiosk-setup';
import { certificatePhoto } from '../../test/support/imaging/fixtures';

describe('the kiosk member session', () => {
  it('asks for the second factor and shows the renderer nothing about the person before it is confirmed', () => {
    const { states, insert, seen } = setup();
    insert(readyCard());
    expect(states().at(-1)).toEqual({ stage: 'identify', factor: 'postalCode', attemptsLeft: 3, check: 'card' });
    const visible = JSON.stringify(seen);
    for (const secret of ['A123457895', 'Müller', 'Hans', '70173', '1967', 'Königstraße', '80276883110000012345']) expect(visible).not.toContain(secret);
  });

  it('opens the booklet after the right postal code, with the program and fields from the rules engine', () => {
    const { kiosk, states, insert } = setup();
    insert(readyCard());
    expect(kiosk.identification.confirmIdentity(' 70173 ')).toEqual({ ok: true });
    expect(states().at(-1)).toMatchObject({ stage: 'member', displayName: 'Dr. Hans-Jürgen Müller', expiresAt: '2026-11-22T09:01:30.000Z' });
    const booklet = kiosk.booklets.show();
    expect(booklet).toMatchObject({ year: 2026, program: 'adult', participation: { status: 'not_participating', canDeclare: true }, amount: { earnedCents: 0, maximumCents: 12_000 } });
    expect(booklet.fields.map((f) => f.measure)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(booklet.claim.lastDay).toBe('2027-06-30');
    expect(booklet.termsNotes.length).toBeGreaterThan(0);
  });

  it('accepts the birth date as typed in Germany when that is the factor', () => {
    const { kiosk, insert } = setup({ factor: 'birthDate' });
    insert(readyCard());
    expect(kiosk.identification.confirmIdentity('01.01.1967')).toMatchObject({ ok: false, attemptsLeft: 2 });
    expect(kiosk.identification.confirmIdentity('12.03.1967')).toEqual({ ok: true });
  });

  it('asks a card holder without a postal address for the birth date instead', () => {
    const { states, insert } = setup();
    insert(readyCard('s1', { address: null }));
    expect(states().at(-1)).toMatchObject({ stage: 'identify', factor: 'birthDate' });
  });

  it('records the participation declaration with consent and queues it for the central service', () => {
    const { kiosk, store, insert } = setup();
    insert(readyCard());
    kiosk.identification.confirmIdentity('70173');
    const after = kiosk.participation.declare(2026, '2026-01-01');
    expect(after.participation).toMatchObject({ status: 'active', declaredOn: '2026-11-22', canDeclare: false });
    expect(store.db.prepare('SELECT channel, station_id AS station, consent_sgbv284 AS consent, declared_at AS at FROM participation_declaration').all()).toEqual([
      { channel: 'kiosk', station: 'kiosk-1', consent: 1, at: '2026-11-22T09:00:00.000Z' },
    ]);
    const queued = store.db.prepare("SELECT payload FROM sync_outbox WHERE state = 'pending'").pluck().all() as string[];
    expect(queued.map((p) => JSON.parse(p))).toMatchObject([{ kind: 'participation', participationYear: 2026, member: { kvnr: 'A123457895' }, declaredBy: 'self' }]);
    expect(() => kiosk.participation.declare(2026, '2026-01-01')).toThrow(/cannot be declared/);
    const audit = store.db.prepare('SELECT action, subject FROM audit_log ORDER BY seq').all() as { action: string; subject: string }[];
    expect(audit.map((a) => a.action)).toContain('kiosk.participation.declare');
    expect(JSON.stringify(audit)).not.toContain('A123457895');
  });

  it('locks the card after three wrong answers, also when it is inserted again, until the lock ends', () => {
    const { kiosk, states, insert, remove, clock, store } = setup();
    insert(readyCard('s1'));
    expect(kiosk.identification.confirmIdentity('80331')).toEqual({ ok: false, attemptsLeft: 2 });
    remove('s1');
    insert(readyCard('s2'));
    expect(states().at(-1)).toEqual({ stage: 'identify', factor: 'postalCode', attemptsLeft: 2, check: 'card' });
    kiosk.identification.confirmIdentity('80332');
    expect(kiosk.identification.confirmIdentity('80333')).toEqual({ ok: false, attemptsLeft: 0, lockedUntil: '2026-11-22T09:15:00.000Z' });
    expect(() => kiosk.identification.confirmIdentity('70173')).toThrow(/No card waiting/);
    remove('s2');
    insert(readyCard('s3'));
    expect(states().at(-1)).toEqual({ stage: 'locked', until: '2026-11-22T09:15:00.000Z', askClerk: false });
    remove('s3');
    clock.t += 15 * 60_000;
    insert(readyCard('s4'));
    expect(states().at(-1)).toEqual({ stage: 'identify', factor: 'postalCode', attemptsLeft: 3, check: 'card' });
    expect(store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'kiosk.identity.locked'").pluck().get()).toBe(1);
  });

  it('forgets the member the moment the card leaves the reader', () => {
    const { kiosk, states, insert, remove } = setup();
    insert(readyCard());
    kiosk.identification.confirmIdentity('70173');
    expect(kiosk.session.memberState()).toMatchObject({ status: 'off' });
    remove();
    expect(states().at(-1)).toEqual({ stage: 'idle' });
    expect(() => kiosk.booklets.show()).toThrow(/No confirmed member/);
    expect(() => kiosk.identification.confirmIdentity('70173')).toThrow(/No card waiting/);
    expect(kiosk.session.memberState()).toBeNull();
  });

  it('ends the session after inactivity and asks for the card to be removed', () => {
    const { kiosk, states, insert, clock } = setup({ inactivitySeconds: 90 });
    insert(readyCard());
    kiosk.identification.confirmIdentity('70173');
    clock.t += 60_000;
    expect(kiosk.session.touch()).toBe('2026-11-22T09:02:30.000Z');
    clock.t += 90_000;
    expect(() => kiosk.booklets.show()).toThrow(/ended after inactivity/);
    expect(states().at(-1)).toEqual({ stage: 'ended', reason: 'inactivity' });
    // The same card, still in the reader, does not start a new session by itself.
    insert(readyCard());
    expect(states().at(-1)).toEqual({ stage: 'ended', reason: 'inactivity' });
  });

  it('explains a rejected card and a card pulled during the read', () => {
    const { states, insert, remove } = setup();
    insert({ sessionId: 'r1', reader: 'R', insertedAt: 'x', state: 'rejected', reason: 'cover-ended', coverEnd: '2026-06-30' });
    // The reason only: before the second factor, not whose cover ended when (issue 14, hole 9).
    expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'cover-ended' });
    remove('r1');
    // The card is out: the refusal leaves the screen for the next person.
    expect(states().at(-1)).toEqual({ stage: 'idle' });
    insert({ sessionId: 'r2', reader: 'R', insertedAt: 'x', state: 'reading' });
    expect(states().at(-1)).toEqual({ stage: 'reading' });
    remove('r2', true);
    expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'removed-during-read' });
    // Another card read and refused, then none in the reader: the idle screen again.
    insert({ sessionId: 'r3', reader: 'R', insertedAt: 'x', state: 'rejected', reason: 'insurer-not-accepted', insurerName: 'Andere BKK' });
    remove('r3');
    expect(states().at(-1)).toEqual({ stage: 'idle' });
  });
});

describe('"is this still the member I started with": one mechanism for every await', () => {
  /** A promise the test settles by hand, standing for a worker, a scanner or the service. */
  const gate = <T>() => {
    let release!: (value: T) => void;
    const promise = new Promise<T>((resolve) => (release = resolve));
    return { promise, release };
  };

  it('gives the result when the same booklet is still open', async () => {
    const { kiosk, confirmed } = setup();
    confirmed();
    const open = kiosk.session.member();
    const work = gate<string>();
    const result = kiosk.session.whileCurrent(open, work.promise);
    work.release('done');
    await expect(result).resolves.toBe('done');
  });

  it('refuses the result when the card left meanwhile, and tells those holding data of the booklet at once', async () => {
    const { kiosk, confirmed, remove } = setup();
    confirmed();
    const open = kiosk.session.member();
    const closed: unknown[] = [];
    kiosk.session.onClose((booklet) => closed.push(booklet));
    const work = gate<string>();
    const result = kiosk.session.whileCurrent(open, work.promise);
    remove();
    expect(closed).toEqual([open]);
    work.release('late');
    await expect(result).rejects.toMatchObject({ code: 'forbidden', message: 'The session ended' });
  });

  it('refuses it when the same card was inserted again and confirmed meanwhile: a new opening is not the old one', async () => {
    const { kiosk, confirmed, remove } = setup();
    confirmed('s1');
    const open = kiosk.session.member();
    const work = gate<number>();
    const result = kiosk.session.whileCurrent(open, work.promise);
    remove('s1');
    confirmed('s2');
    expect(kiosk.session.member().member.memberRef).toBe(open.member.memberRef);
    work.release(1);
    await expect(result).rejects.toMatchObject({ code: 'forbidden' });
    expect(kiosk.session.isCurrent(open)).toBe(false);
  });

  it('refuses it when the session ran out of time meanwhile, and ends the session', async () => {
    const { kiosk, confirmed, clock, states } = setup({ inactivitySeconds: 90 });
    confirmed();
    const open = kiosk.session.member();
    const work = gate<number>();
    const result = kiosk.session.whileCurrent(open, work.promise);
    clock.t += 90_000;
    work.release(1);
    await expect(result).rejects.toMatchObject({ code: 'forbidden' });
    expect(states().at(-1)).toEqual({ stage: 'ended', reason: 'inactivity' });
  });

  it("keeps no photo of a member whose card left while the photo was processed", async () => {
    const processing = gate<void>();
    const held = { ...inProcessImaging, normalizePhoto: async (input: Buffer) => (await processing.promise, inProcessImaging.normalizePhoto(input)) };
    const { kiosk, confirmed, remove } = setup({ imaging: held });
    confirmed();
    kiosk.participation.declare(2026, '2026-01-01');
    const photo = (await certificatePhoto(800, 600)).toString('base64');
    const adding = kiosk.evidence.add({ measure: 8, performedOn: '2026-10-28', kind: 'certificate_photo', photoBase64: photo });
    remove();
    processing.release();
    await expect(adding).rejects.toMatchObject({ code: 'forbidden' });
    confirmed('s2');
    expect(kiosk.evidence.list()).toEqual([]);
  });
});
