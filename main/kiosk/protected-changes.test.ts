import { describe, expect, it, vi } from 'vitest';
import { startService } from '../../test/integration/sync-support/service-harness';
import { newIban, useKioskWithService } from '../../test/support/kiosk-with-service';
import { localDeadline } from './protected-changes';

/**
 * Bank and address changes at the kiosk, approved by the member in the insurer's app, against
 * the real bonus service (in process, on PGlite) and a real encrypted station database.
 */
const { seed, kioskAt, changeRow, answer, cleanups, serviceDb } = useKioskWithService();

describe('protected changes at the kiosk', () => {
  it('a bank change waits for the app, and takes effect when the member approves it there', async () => {
    await seed();
    const { payout, changes, store, logs, signIn } = await kioskAt();
    await signIn();
    const sent = await changes.requestBankChange({ iban: ' de02 1203 0000 0000 2020 51 ', accountHolder: 'Hans-Jürgen Müller' });
    expect(sent).toMatchObject({ kind: 'bank', state: 'awaiting-member' });
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeGreaterThan(25 * 60_000);
    expect(await changes.status()).toMatchObject({ state: 'awaiting-member' });
    expect(payout.view(2026)).toMatchObject({ change: { state: 'awaiting-member' }, bank: { ibanMasked: 'DE89 **** **** **** **** 00' } });
    await expect(changes.requestBankChange({ iban: newIban, accountHolder: 'X Y' })).rejects.toMatchObject({ code: 'conflict' });

    const row = await changeRow();
    await answer(row!.id, true);
    expect(await changes.status()).toMatchObject({ state: 'applied' });
    expect(payout.view(2026).bank).toEqual({ known: true, ibanMasked: 'DE02 **** **** **** **** 51' });
    // Leaving the confirmation keeps showing the new account for the rest of the session.
    expect(changes.dismiss()).toBe(true);
    expect(payout.view(2026)).toMatchObject({ change: null, bank: { ibanMasked: 'DE02 **** **** **** **** 51' } });
    // Nothing of the IBAN stays on the station: not in its database, not in its logs.
    const everything = JSON.stringify([
      store.db.prepare('SELECT * FROM audit_log').all(),
      store.db.prepare('SELECT * FROM sync_outbox').all(),
      logs.records,
    ]);
    expect(everything).not.toContain('2020');
    expect(everything).toContain('kiosk.change.applied');
  });

  it('a declined change is dropped; the bank details on record stay', async () => {
    await seed();
    const { payout, changes, signIn } = await kioskAt();
    await signIn();
    await changes.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' });
    await answer((await changeRow())!.id, false);
    expect(await changes.status()).toMatchObject({ state: 'declined' });
    expect(payout.view(2026).bank).toEqual({ known: true, ibanMasked: 'DE89 **** **** **** **** 00' });
    // The member may try again: a new request.
    expect(await changes.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' })).toMatchObject({ state: 'awaiting-member' });
  });

  it('a change not approved within the window expires', async () => {
    await seed();
    // The same service database behind a service whose window is a fraction of a second.
    const brief = await startService(serviceDb(), { changeWindowMinutes: 0.01 });
    cleanups.push(() => brief.stop());
    const { changes, signIn } = await kioskAt({ service: brief });
    await signIn();
    const sent = await changes.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' });
    expect(sent.waitUntil).toBe(sent.expiresAt);
    await vi.waitFor(async () => expect(await changes.status()).toMatchObject({ state: 'expired' }), { timeout: 5_000, interval: 200 });
    await expect(answer((await changeRow())!.id, true)).rejects.toMatchObject({ code: 'change_expired' });
  });

  it("counts the app's window down from the time left the service gives, so a station clock that is off shows the right time", async () => {
    await seed();
    // The service's clock runs four minutes behind the station's (signatures allow five).
    const behind = await startService(serviceDb(), { changeWindowMinutes: 30, now: () => new Date(Date.now() - 4 * 60_000) });
    cleanups.push(() => behind.stop());
    const { changes, signIn } = await kioskAt({ service: behind });
    await signIn();
    const sent = await changes.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' });
    const left = () => Date.parse(sent.expiresAt) - Date.now();
    // 30 minutes left on the screen, not the 26 the service's moment would give on this clock.
    expect(left()).toBeGreaterThan(29 * 60_000);
    expect(left()).toBeLessThanOrEqual(30 * 60_000);
    const serviceMoment = (await serviceDb().query<{ expires_at: Date }>('SELECT expires_at FROM change_requests WHERE id = $1', [(await changeRow())!.id])).rows[0]!.expires_at;
    expect(Date.parse(sent.expiresAt) - new Date(serviceMoment).getTime()).toBeGreaterThan(3.9 * 60_000);
    // Each answer of the app's status sets it again from the service's time left.
    const polled = await changes.status();
    expect(Math.abs(Date.parse(polled!.expiresAt) - Date.parse(sent.expiresAt))).toBeLessThan(2_000);
  });

  it('without the time left (an older service) the window ends at the service\'s moment', () => {
    expect(localDeadline({ expiresAt: '2027-02-01T10:30:00.000Z' }, Date.parse('2027-02-01T10:00:00.000Z'))).toBe(Date.parse('2027-02-01T10:30:00.000Z'));
    expect(localDeadline({ expiresAt: '2027-02-01T10:30:00.000Z', expiresInMs: 1_800_000 }, Date.parse('2027-02-01T10:04:00.000Z'))).toBe(Date.parse('2027-02-01T10:34:00.000Z'));
  });

  it('refuses an IBAN with wrong check digits before anything is sent', async () => {
    await seed();
    const { changes, signIn } = await kioskAt();
    await signIn();
    const before = await changeRow();
    await expect(changes.requestBankChange({ iban: 'DE03120300000000202051', accountHolder: 'Hans-Jürgen Müller' })).rejects.toMatchObject({ code: 'invalid_input', fields: ['iban'] });
    await expect(changes.requestBankChange({ iban: 'DE0212030000000020205', accountHolder: 'Hans-Jürgen Müller' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await changeRow()).toEqual(before);
  });

  it('an address change goes the same protected way', async () => {
    await seed();
    const { changes, signIn } = await kioskAt();
    await signIn();
    expect(await changes.requestAddressChange({ street: 'Neue Straße 5', postalCode: '80331', city: 'München' })).toMatchObject({ kind: 'address', state: 'awaiting-member' });
    await answer((await changeRow())!.id, true);
    expect(await changes.status()).toMatchObject({ kind: 'address', state: 'applied' });
  });

  it('pulling the card while the app is asked drops the change from the station', async () => {
    await seed();
    const { kiosk, payout, changes, signIn, remove } = await kioskAt();
    await signIn('s1');
    await changes.requestBankChange({ iban: newIban, accountHolder: 'Hans-Jürgen Müller' });
    // While waiting, main holds the request's id and state only (never the IBAN); card out drops it.
    const held = () => (changes as unknown as { pending: unknown }).pending;
    expect(JSON.stringify(held())).not.toContain('2020');
    expect(held()).not.toBeNull();
    remove('s1');
    expect(held()).toBeNull();
    expect(() => payout.view()).toThrow(/No confirmed member/);
    await signIn('s2');
    expect(kiosk.session.memberState()?.status).toBe('loaded');
    expect(await changes.status()).toBeNull();
    expect(payout.view(2026).change).toBeNull();
  });

});
