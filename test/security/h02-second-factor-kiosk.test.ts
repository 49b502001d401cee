import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { KioskApprovalStatus } from '../../main/contract/service-api';
import type { KioskState } from '../../main/contract';
import { adminHeaders } from '../integration/sync-support/service-harness';
import { readyCard } from '../support/kiosk-setup';
import { seededMember, useKioskWithService } from '../support/kiosk-with-service';

/**
 * Hole 2, at the kiosk: the second factor was compared with the card's own EF.PD, which any
 * reader reads without a PIN, so a found card passed on the first try; wrong answers counted only
 * in that kiosk's database. The attacker holds a found card. Now the kiosk has the insurer check
 * the answer (failures per person, all kiosks), or has the member approve in the app; offline,
 * only a reduced booklet opens (no bank details, no family list, no payout), or nothing.
 */
const { seed, kioskAt, running } = useKioskWithService();
type Stage<S extends KioskState['stage']> = Extract<KioskState, { stage: S }>;

describe('hole 2: the kiosk asks the insurer, not the card', () => {
  it("refuses a found card whose own postal code is right but the insurer's record differs", async () => {
    // The card says 70173 (readyCard's EF.PD); the insurer's record says 10115.
    await seed({ postalCode: '10115' });
    const { kiosk, insert, states } = await kioskAt();
    insert(readyCard());
    expect(states().at(-1)).toMatchObject({ stage: 'identify', check: 'insurer' });
    expect(await kiosk.identification.confirmIdentity('70173')).toEqual({ ok: false, attemptsLeft: 2 });
    expect(states().at(-1)).toEqual({ stage: 'identify', factor: 'postalCode', attemptsLeft: 2, check: 'insurer' });
    expect(await kiosk.identification.confirmIdentity('10115')).toEqual({ ok: true });
    expect(states().at(-1)).toMatchObject({ stage: 'member', identityCheck: 'insurer' });
  });

  it('adds up wrong answers at kiosks A and B; the locked person is sent to a clerk, also with the right answer', async () => {
    await seed({ postalCode: '10115' });
    const a = await kioskAt();
    const b = await kioskAt();
    a.insert(readyCard('a1'));
    b.insert(readyCard('b1'));
    expect(await a.kiosk.identification.confirmIdentity('70173')).toMatchObject({ ok: false, attemptsLeft: 2 });
    expect(await b.kiosk.identification.confirmIdentity('70174')).toMatchObject({ ok: false, attemptsLeft: 1 });
    expect(await a.kiosk.identification.confirmIdentity('70175')).toMatchObject({ ok: false, attemptsLeft: 0, lockedUntil: expect.any(String) });
    expect(a.states().at(-1)).toMatchObject({ stage: 'locked', askClerk: true });
    expect(await b.kiosk.identification.confirmIdentity('10115')).toMatchObject({ ok: false, attemptsLeft: 0 });
    expect(b.states().at(-1)).toMatchObject({ stage: 'locked', askClerk: true });
    expect(() => b.kiosk.booklets.show()).toThrow();
  });

  it('offline: says the check is weaker and opens only a reduced booklet: no IBAN, no children, no payout', async () => {
    await seed();
    const { kiosk, insert, states, seen } = await kioskAt({ offline: true });
    insert(readyCard());
    expect(await kiosk.identification.confirmIdentity('70173')).toEqual({ ok: true });
    const member = states().at(-1) as Stage<'member'>;
    expect(member).toMatchObject({ stage: 'member', identityCheck: 'card', memberState: { bank: null, children: [] } });
    expect(() => kiosk.payout.view()).toThrow(/reduced booklet/);
    expect(() => kiosk.payout.apply(2026, true)).toThrow(/reduced booklet/);
    expect(() => kiosk.family.openFamilyChild('any')).toThrow(/family list/);
    // Nothing of the insurer's record reached the screen.
    expect(JSON.stringify(seen)).not.toMatch(/DE89|\*\*\*\*/);
    // The booklet itself is there: the member can still add proofs.
    expect(kiosk.booklets.show().fields.length).toBeGreaterThan(0);
  });

  it('offline with kiosk.offlineIdentity "refuse": nothing opens', async () => {
    await seed();
    const { kiosk, insert, states } = await kioskAt({ offline: true, offlineIdentity: 'refuse' });
    insert(readyCard());
    expect(await kiosk.identification.confirmIdentity('70173')).toEqual({ ok: false, attemptsLeft: 0 });
    expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'identity-unavailable' });
    expect(() => kiosk.booklets.show()).toThrow();
  });

  describe("approval in the member's app (kiosk.appApproval: required)", () => {
    const approveStage = async (states: () => KioskState[]) => {
      await vi.waitFor(() => expect(states().at(-1)?.stage).toBe('approve'), { timeout: 5_000 });
      return states().at(-1) as Stage<'approve'>;
    };
    const app = (code: string, approve: boolean, kvnr = seededMember.kvnr) =>
      running().admin.json('POST', '/v1/member-app/kiosk-approvals/answer', KioskApprovalStatus, { kvnr, code, approve }, adminHeaders);

    it('asks nothing the card knows: the session opens only when the member approves the code in the app', async () => {
      await seed();
      const { kiosk, insert, states } = await kioskAt({ appApproval: 'required' });
      insert(readyCard());
      const shown = await approveStage(states);
      expect(shown.code).toMatch(/^\d{6}$/);
      expect(shown.qr.length).toBeGreaterThan(20);
      // The card's postal code is no way in.
      expect(() => kiosk.identification.confirmIdentity('70173')).toThrow(/No card waiting/);
      await app(shown.code, true);
      await vi.waitFor(() => expect(states().at(-1)).toMatchObject({ stage: 'member', identityCheck: 'app' }), { timeout: 5_000 });
      // Single use: the code is spent.
      await expect(app(shown.code, true)).rejects.toMatchObject({ status: 404 });
    });

    it('a declined approval opens nothing; another member cannot approve the code', async () => {
      await seed();
      await running().admin.json('PUT', '/v1/admin/members', z.unknown(), { ...seededMember, kvnr: 'C123457890', cardNumber: '80276883110000099999' }, adminHeaders);
      const { insert, states } = await kioskAt({ appApproval: 'required' });
      insert(readyCard());
      const shown = await approveStage(states);
      await expect(app(shown.code, true, 'C123457890')).rejects.toMatchObject({ status: 404 });
      await app(shown.code, false);
      await vi.waitFor(() => expect(states().at(-1)).toEqual({ stage: 'rejected', reason: 'approval-declined' }), { timeout: 5_000 });
    });
  });
});
